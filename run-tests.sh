#!/usr/bin/env bash
# The one test command: installs what the tests need, then runs every test.
set -euo pipefail
cd "$(dirname "$0")"
dotnet build Fabric.sln -c Release
dotnet test Fabric.sln -c Release --no-build

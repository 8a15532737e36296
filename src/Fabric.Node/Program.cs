System.Console.WriteLine("fabric");

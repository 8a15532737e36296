using Fabric.Broker.Buffers;

namespace Fabric.Broker.Queues;

/// <summary>A growable circular FIFO with O(1) push-back / pop-front and indexed access.</summary>
internal sealed class RingBuffer<T>
{
    private T[] _items;
    private int _head;
    private int _count;

    private const int FirstCapacity = 16;

    /// <param name="capacity">Initial slots; 0 allocates nothing until the first push (idle queues hold no array).</param>
    public RingBuffer(int capacity = FirstCapacity) => _items = capacity == 0 ? [] : new T[Math.Max(4, capacity)];

    public int Count => _count;

    public int Capacity => _items.Length;

    public ref T this[int index] => ref _items[(_head + index) % _items.Length];

    public ref T Front => ref _items[_head];

    public ref T Back => ref _items[(_head + _count - 1) % _items.Length];

    public void PushBack(T item)
    {
        if (_count == _items.Length) Grow();
        _items[(_head + _count) % _items.Length] = item;
        _count++;
    }

    public T PopFront()
    {
        var item = _items[_head];
        _items[_head] = default!;
        _head = (_head + 1) % _items.Length;
        _count--;
        return item;
    }

    public void Clear()
    {
        if (_count > 0)
        {
            if (_head + _count <= _items.Length)
            {
                Array.Clear(_items, _head, _count);
            }
            else
            {
                Array.Clear(_items, _head, _items.Length - _head);
                Array.Clear(_items, 0, _head + _count - _items.Length);
            }
        }
        _head = 0;
        _count = 0;
    }

    /// <summary>Shrinks a backing array that a burst grew and that is now mostly empty (<see cref="SpareCapacity"/>).</summary>
    public void TrimExcess()
    {
        if (SpareCapacity.IsExcess(_items.Length, _count)) Resize(SpareCapacity.Kept(_count));
    }

    private void Grow() => Resize(Math.Max(FirstCapacity, _items.Length * 2));

    private void Resize(int capacity)
    {
        var resized = capacity == 0 ? [] : new T[capacity];
        var firstPart = Math.Min(_count, _items.Length - _head);
        Array.Copy(_items, _head, resized, 0, firstPart);
        Array.Copy(_items, 0, resized, firstPart, _count - firstPart);
        _items = resized;
        _head = 0;
    }
}

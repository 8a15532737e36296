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

    private void Grow()
    {
        var bigger = new T[Math.Max(FirstCapacity, _items.Length * 2)];
        var firstPart = Math.Min(_count, _items.Length - _head);
        Array.Copy(_items, _head, bigger, 0, firstPart);
        Array.Copy(_items, 0, bigger, firstPart, _count - firstPart);
        _items = bigger;
        _head = 0;
    }
}

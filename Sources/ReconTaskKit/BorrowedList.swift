/// A borrowed C array (pointer + count) presented as a collection, without copying:
/// each element is a small view made on access. Valid only during the call that handed
/// it out.
public struct BorrowedList<Element>: RandomAccessCollection {
    private let base: UnsafeRawPointer?
    private let stride: Int
    private let make: (UnsafeRawPointer) -> Element

    /// The number of elements.
    public let count: Int

    /// Views `count` C elements of type `C` starting at `start`; `make` builds the view
    /// of one element from its address (pass a closure that captures nothing, so that
    /// making a list never allocates).
    init<C>(_ start: UnsafePointer<C>?, _ count: Int, _ make: @escaping (UnsafeRawPointer) -> Element) {
        self.base = UnsafeRawPointer(start)
        self.count = start == nil ? 0 : count
        self.stride = MemoryLayout<C>.stride
        self.make = make
    }

    /// An empty list.
    init() {
        base = nil
        count = 0
        stride = 0
        make = { _ in fatalError("unreachable: empty list") }
    }

    /// The first index, 0.
    public var startIndex: Int { 0 }
    /// One past the last index, ``count``.
    public var endIndex: Int { count }

    /// The element at `position`. Traps when out of range, like `Array`.
    public subscript(position: Int) -> Element {
        precondition(position >= 0 && position < count, "BorrowedList index out of range")
        return make(base.unsafelyUnwrapped + position * stride)
    }
}

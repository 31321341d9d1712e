/// Growable memory that holds a value returned to a plugin as a borrowed
/// `recon_bytes`: stable until the next `set`, unlike an Array's storage.
final class BorrowBuffer {
    private var base: UnsafeMutableRawPointer
    private var capacity: Int
    /// Bytes currently held.
    private(set) var count = 0

    init(capacity: Int = 256) {
        self.capacity = capacity
        base = .allocate(byteCount: capacity, alignment: 16)
    }

    deinit { base.deallocate() }

    /// Replaces the contents with a copy of `bytes`.
    func set(_ bytes: UnsafeRawBufferPointer) {
        if bytes.count > capacity {
            base.deallocate()
            capacity = max(bytes.count, capacity * 2)
            base = .allocate(byteCount: capacity, alignment: 16)
        }
        if let src = bytes.baseAddress, bytes.count > 0 {
            base.copyMemory(from: src, byteCount: bytes.count)
        }
        count = bytes.count
    }

    /// The held bytes, valid until the next `set`.
    var contents: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }
}

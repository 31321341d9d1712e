/// A bump allocator for the C views handed to plugins (events, decoded records,
/// strings). Everything allocated lives until the arena is released, in chunks, so
/// building a batch costs a handful of mallocs rather than one per record.
final class CArena {
    private var chunks: [UnsafeMutableRawPointer] = []
    private var cursor: UnsafeMutableRawPointer?
    private var remaining = 0
    private var firstChunkSize = 0
    private let chunkSize: Int

    /// Creates an arena that grows in chunks of `chunkSize` bytes (or larger for big requests).
    init(chunkSize: Int = 64 * 1024) {
        self.chunkSize = chunkSize
    }

    deinit {
        for chunk in chunks { chunk.deallocate() }
    }

    /// Forgets everything allocated, keeping the first chunk for reuse.
    func reset() {
        guard let first = chunks.first else { return }
        for chunk in chunks.dropFirst() { chunk.deallocate() }
        chunks = [first]
        cursor = first
        remaining = firstChunkSize
    }

    /// Raw, uninitialized memory with the given size and alignment.
    func allocate(byteCount: Int, alignment: Int) -> UnsafeMutableRawPointer {
        if let cursor {
            let misalignment = Int(bitPattern: cursor) & (alignment - 1)
            let padding = misalignment == 0 ? 0 : alignment - misalignment
            if padding + byteCount <= remaining {
                let start = cursor + padding
                self.cursor = start + byteCount
                remaining -= padding + byteCount
                return start
            }
        }
        let size = max(chunkSize, byteCount + alignment)
        let chunk = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: max(alignment, 16))
        if chunks.isEmpty { firstChunkSize = size }
        chunks.append(chunk)
        cursor = chunk + byteCount
        remaining = size - byteCount
        return chunk
    }

    /// Room for `count` values of `T`, uninitialized.
    func allocate<T>(_ type: T.Type, count: Int) -> UnsafeMutablePointer<T> {
        allocate(byteCount: MemoryLayout<T>.stride * max(count, 1), alignment: MemoryLayout<T>.alignment)
            .bindMemory(to: T.self, capacity: max(count, 1))
    }

    /// One value of `T`, initialized.
    func store<T>(_ value: T) -> UnsafeMutablePointer<T> {
        let p = allocate(T.self, count: 1)
        p.initialize(to: value)
        return p
    }

    /// A copy of `bytes` as a `recon_bytes`-compatible (pointer, length) pair.
    func copy(_ bytes: UnsafeRawBufferPointer) -> (UnsafePointer<UInt8>?, Int) {
        guard bytes.count > 0, let base = bytes.baseAddress else { return (nil, 0) }
        let p = allocate(byteCount: bytes.count, alignment: 1)
        p.copyMemory(from: base, byteCount: bytes.count)
        return (UnsafePointer(p.assumingMemoryBound(to: UInt8.self)), bytes.count)
    }

    /// A copy of `string`'s UTF-8 bytes (not NUL-terminated).
    func copy(_ string: String) -> (UnsafePointer<CChar>?, Int) {
        var s = string
        return s.withUTF8 { utf8 in
            let (p, n) = copy(UnsafeRawBufferPointer(utf8))
            return (p.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }, n)
        }
    }
}

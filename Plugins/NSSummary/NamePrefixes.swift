/// The `/`-delimited prefixes of an object name, without allocating: for `a/b/c` they
/// are `a/` and `a/b/`; a name ending in `/` (`a/b/`) is its own deepest prefix when
/// `includeWhole` is set.
enum NamePrefixes {
    /// The byte `/`.
    static let slash = UInt8(ascii: "/")

    /// Calls `body` with each prefix of `name` and its ``NameHash``, deepest first; the
    /// name is hashed once, front to back.
    static func forEachDeepestFirst(
        _ name: UnsafeRawBufferPointer, includeWhole: Bool,
        _ body: (UnsafeRawBufferPointer, NameHash) throws -> Void
    ) rethrows {
        var slashes = 0
        for byte in name where byte == slash { slashes += 1 }
        guard slashes > 0 else { return }
        try withUnsafeTemporaryAllocation(of: (end: Int, hash: NameHash).self, capacity: slashes) { found in
            var hash = NameHash()
            var count = 0
            for (offset, byte) in name.enumerated() {
                hash.add(byte)
                if byte == slash && (offset + 1 < name.count || includeWhole) {
                    found.initializeElement(at: count, to: (offset + 1, hash))
                    count += 1
                }
            }
            defer { found.baseAddress!.deinitialize(count: count) }
            for i in stride(from: count - 1, through: 0, by: -1) {
                try body(UnsafeRawBufferPointer(rebasing: name[0..<found[i].end]), found[i].hash)
            }
        }
    }

    /// The length of the parent prefix of prefix `name` (`a/b/` → 2 for `a/`); 0 when the
    /// parent is the bucket.
    static func parentLength(of name: UnsafeRawBufferPointer) -> Int {
        var end = name.count - 1
        while end > 0 {
            if name[end - 1] == slash { return end }
            end -= 1
        }
        return 0
    }
}

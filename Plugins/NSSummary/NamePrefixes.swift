/// The `/`-delimited prefixes of an object name, without allocating: for `a/b/c` they
/// are `a/` and `a/b/`; a name ending in `/` (`a/b/`) is its own deepest prefix when
/// `includeWhole` is set.
enum NamePrefixes {
    /// The byte `/`.
    static let slash = UInt8(ascii: "/")

    /// Calls `body` with each prefix of `name`, deepest first.
    static func forEachDeepestFirst(
        _ name: UnsafeRawBufferPointer, includeWhole: Bool, _ body: (UnsafeRawBufferPointer) throws -> Void
    ) rethrows {
        var end = name.count
        if !includeWhole || name.last != slash {
            // Start below the whole name.
            end = name.count - 1
        }
        while end > 0 {
            if name[end - 1] == slash { try body(UnsafeRawBufferPointer(rebasing: name[0..<end])) }
            end -= 1
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

import CRocksDB
import Foundation

/// Calls a RocksDB C function that reports failure through `char **errptr`, frees
/// the message and turns it into a ``StorageError``.
@inline(__always)
func rocksCall<R>(
    _ operation: String, path: String?,
    _ body: (UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) throws -> R
) throws -> R {
    var err: UnsafeMutablePointer<CChar>? = nil
    let result = try body(&err)
    if let err {
        let message = String(cString: err)
        rocksdb_free(err)
        throw StorageError(.rocksdb, operation, message, path: path)
    }
    return result
}

/// A non-null `const char *` for a byte range (RocksDB slices must not point at NULL).
@inline(__always)
package func cBytes(_ buffer: UnsafeRawBufferPointer) -> UnsafePointer<CChar> {
    if let base = buffer.baseAddress { return base.assumingMemoryBound(to: CChar.self) }
    return UnsafeRawPointer(("" as StaticString).utf8Start).assumingMemoryBound(to: CChar.self)
}

/// Calls `body` with `strings` as an array of NUL-terminated C strings.
func withCStringArray<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) throws -> R) rethrows -> R {
    let owned: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
    defer { owned.forEach { free($0) } }
    let borrowed: [UnsafePointer<CChar>?] = owned.map { $0.map { UnsafePointer($0) } }
    return try borrowed.withUnsafeBufferPointer { try body($0.baseAddress!) }
}

/// A copy of `bytes` in memory owned by the caller (freed with `free`), or nil for
/// an empty range. Used for iterator bounds, which RocksDB only borrows.
func mallocCopy(_ bytes: UnsafeRawBufferPointer) -> (UnsafeMutableRawPointer, Int)? {
    guard bytes.count > 0, let base = bytes.baseAddress else { return nil }
    let p = malloc(bytes.count)!
    p.copyMemory(from: base, byteCount: bytes.count)
    return (p, bytes.count)
}

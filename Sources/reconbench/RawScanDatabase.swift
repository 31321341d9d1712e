import CRocksDB
import Foundation

/// An OM DB opened read-only through RocksDB's C API with every column family, for the
/// physical-floor scan. Nothing of the project's storage layer sits between the scan
/// and `rocksdb_iter_*`.
final class RawScanDatabase: @unchecked Sendable {
    /// One column family: its name and C handle.
    struct Family: @unchecked Sendable {
        /// The column family's name.
        var name: String
        /// The C handle.
        var handle: OpaquePointer
    }

    /// The DB directory.
    let path: String
    /// Every column family, in the DB's order.
    let families: [Family]
    private let db: OpaquePointer
    private let options: OpaquePointer
    private let handles: [OpaquePointer?]

    /// Opens the DB at `path` read-only with every column family it has.
    init(path: String) throws {
        self.path = path
        guard let options = rocksdb_options_create() else { throw BenchError("rocksdb_options_create failed") }
        rocksdb_options_set_max_open_files(options, -1)
        self.options = options
        var error: UnsafeMutablePointer<CChar>?
        var count = 0
        guard let list = rocksdb_list_column_families(options, path, &count, &error) else {
            rocksdb_options_destroy(options)
            throw BenchError("cannot list the column families of \(path): \(Self.message(error))")
        }
        let names = (0..<count).map { String(cString: list[$0]!) }
        let cfOptions = [OpaquePointer?](repeating: options, count: count)
        var handles = [OpaquePointer?](repeating: nil, count: count)
        let opened = list.withMemoryRebound(to: UnsafePointer<CChar>?.self, capacity: count) { cNames in
            cfOptions.withUnsafeBufferPointer { cfo in
                handles.withUnsafeMutableBufferPointer { hs in
                    rocksdb_open_for_read_only_column_families(
                        options, path, Int32(count), cNames, cfo.baseAddress, hs.baseAddress, 0, &error)
                }
            }
        }
        rocksdb_list_column_families_destroy(list, count)
        guard let opened, error == nil else {
            rocksdb_options_destroy(options)
            throw BenchError("cannot open \(path) read-only: \(Self.message(error))")
        }
        db = opened
        self.handles = handles
        families = zip(names, handles).compactMap { name, handle in handle.map { Family(name: name, handle: $0) } }
    }

    deinit {
        for handle in handles { if let handle { rocksdb_column_family_handle_destroy(handle) } }
        rocksdb_close(db)
        rocksdb_options_destroy(options)
    }

    /// RocksDB's `estimate-num-keys` of `family`.
    func estimatedKeys(_ family: Family) -> UInt64 {
        guard let text = rocksdb_property_value_cf(db, family.handle, "rocksdb.estimate-num-keys") else { return 0 }
        defer { rocksdb_free(text) }
        return UInt64(String(cString: text)) ?? 0
    }

    /// Iterates `family` over `[lower, upper)` (nil: unbounded) without filling the block
    /// cache, handing `visit` each key and value in place; throws RocksDB's iteration error.
    func scan(
        _ family: Family, lower: [UInt8]?, upper: [UInt8]?,
        _ visit: (_ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) -> Void
    ) throws {
        let readOptions = rocksdb_readoptions_create()
        defer { rocksdb_readoptions_destroy(readOptions) }
        rocksdb_readoptions_set_fill_cache(readOptions, 0)
        // RocksDB keeps pointers to the bounds: both stay alive until the iterator is gone.
        let lowerCopy = lower.map { ContiguousArray($0) }
        let upperCopy = upper.map { ContiguousArray($0) }
        try Self.withBound(lowerCopy) { lo in
            try Self.withBound(upperCopy) { up in
                if let lo { rocksdb_readoptions_set_iterate_lower_bound(readOptions, lo.baseAddress, lo.count) }
                if let up { rocksdb_readoptions_set_iterate_upper_bound(readOptions, up.baseAddress, up.count) }
                let iterator = rocksdb_create_iterator_cf(db, readOptions, family.handle)
                defer { rocksdb_iter_destroy(iterator) }
                rocksdb_iter_seek_to_first(iterator)
                var keyLength = 0
                var valueLength = 0
                while rocksdb_iter_valid(iterator) != 0 {
                    let key = rocksdb_iter_key(iterator, &keyLength)
                    let value = rocksdb_iter_value(iterator, &valueLength)
                    visit(UnsafeRawBufferPointer(start: key, count: keyLength),
                          UnsafeRawBufferPointer(start: value, count: valueLength))
                    rocksdb_iter_next(iterator)
                }
                var error: UnsafeMutablePointer<CChar>?
                rocksdb_iter_get_error(iterator, &error)
                if error != nil { throw BenchError("iterating \(family.name) of \(path): \(Self.message(error))") }
            }
        }
    }

    /// Calls `body` with the bound's bytes as C chars, or nil.
    private static func withBound<R>(
        _ bound: ContiguousArray<UInt8>?, _ body: (UnsafeBufferPointer<CChar>?) throws -> R
    ) rethrows -> R {
        guard let bound else { return try body(nil) }
        return try bound.withUnsafeBufferPointer { bytes in
            try bytes.withMemoryRebound(to: CChar.self) { try body($0) }
        }
    }

    /// The text of a RocksDB error (freed here).
    private static func message(_ error: UnsafeMutablePointer<CChar>?) -> String {
        guard let error else { return "unknown error" }
        defer { rocksdb_free(error) }
        return String(cString: error)
    }
}

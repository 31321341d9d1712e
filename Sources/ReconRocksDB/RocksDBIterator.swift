import CRocksDB
import Foundation

extension RocksDB {
    /// A cursor over one column family, optionally pinned to a ``Snapshot`` and
    /// limited to `[lowerBound, upperBound)`. ``key`` and ``value`` are borrowed from
    /// RocksDB without a copy and stay valid until the iterator moves. Keeps its
    /// database open while alive. Not thread-safe.
    public final class Iterator {
        private let db: RocksDB
        private let raw: OpaquePointer
        private let readOptions: OpaquePointer
        private let snapshot: Snapshot?
        private let lower: (UnsafeMutableRawPointer, Int)?
        private let upper: (UnsafeMutableRawPointer, Int)?

        init(db: RocksDB, handle: OpaquePointer, cf: ColumnFamily, snapshot: Snapshot?,
             lowerBound: UnsafeRawBufferPointer?, upperBound: UnsafeRawBufferPointer?, fillCache: Bool) {
            self.db = db
            self.snapshot = snapshot
            readOptions = rocksdb_readoptions_create()
            if let snapshot { rocksdb_readoptions_set_snapshot(readOptions, snapshot.raw) }
            if !fillCache { rocksdb_readoptions_set_fill_cache(readOptions, 0) }
            // RocksDB keeps pointers to the bounds: they live as long as the iterator.
            lower = lowerBound.flatMap(mallocCopy)
            upper = upperBound.flatMap(mallocCopy)
            if let (p, n) = lower {
                rocksdb_readoptions_set_iterate_lower_bound(readOptions, p.assumingMemoryBound(to: CChar.self), n)
            }
            if let (p, n) = upper {
                rocksdb_readoptions_set_iterate_upper_bound(readOptions, p.assumingMemoryBound(to: CChar.self), n)
            }
            raw = rocksdb_create_iterator_cf(handle, readOptions, cf.handle)
        }

        deinit {
            rocksdb_iter_destroy(raw)
            rocksdb_readoptions_destroy(readOptions)
            if let (p, _) = lower { free(p) }
            if let (p, _) = upper { free(p) }
            db.releaseDependent()
        }

        /// Whether the iterator is positioned on an entry.
        public var isValid: Bool { rocksdb_iter_valid(raw) != 0 }

        /// Moves to the first entry (at or after the lower bound).
        public func seekToFirst() { rocksdb_iter_seek_to_first(raw) }

        /// Moves to the last entry (before the upper bound).
        public func seekToLast() { rocksdb_iter_seek_to_last(raw) }

        /// Moves to the first entry whose key is >= `key`.
        public func seek<K: ContiguousBytes>(to key: K) {
            key.withUnsafeBytes { k in rocksdb_iter_seek(raw, cBytes(k), k.count) }
        }

        /// Moves to the last entry whose key is <= `key`.
        public func seekForPrev<K: ContiguousBytes>(to key: K) {
            key.withUnsafeBytes { k in rocksdb_iter_seek_for_prev(raw, cBytes(k), k.count) }
        }

        /// Moves to the next entry. Only when ``isValid``.
        public func next() { rocksdb_iter_next(raw) }

        /// Moves to the previous entry. Only when ``isValid``.
        public func previous() { rocksdb_iter_prev(raw) }

        /// The current key, borrowed until the iterator moves. Only when ``isValid``.
        public var key: UnsafeRawBufferPointer {
            var n = 0
            let p = rocksdb_iter_key(raw, &n)
            return UnsafeRawBufferPointer(start: p, count: n)
        }

        /// The current value, borrowed until the iterator moves. Only when ``isValid``.
        public var value: UnsafeRawBufferPointer {
            var n = 0
            let p = rocksdb_iter_value(raw, &n)
            return UnsafeRawBufferPointer(start: p, count: n)
        }

        /// Throws the error that ended iteration early, if any (check it when
        /// ``isValid`` turns false).
        public func checkError() throws {
            try rocksCall("iterate", path: db.path) { rocksdb_iter_get_error(raw, $0) }
        }
    }

    /// A new iterator over `cf`, unpositioned: call a `seek` first. Bounds are copied.
    public func makeIterator(
        _ cf: ColumnFamily, snapshot: Snapshot? = nil,
        lowerBound: [UInt8]? = nil, upperBound: [UInt8]? = nil, fillCache: Bool = true
    ) throws -> Iterator {
        try withHandle("iterator", cf: cf, snapshot: snapshot) { h in
            retainDependent()
            return lowerBound.withUnsafeBytesOrNil { lo in
                upperBound.withUnsafeBytesOrNil { up in
                    Iterator(db: self, handle: h, cf: cf, snapshot: snapshot,
                             lowerBound: lo, upperBound: up, fillCache: fillCache)
                }
            }
        }
    }

    /// Visits the entries of `cf` with keys in `[start, end)` in key order; an empty
    /// `end` means "to the last key". `body` gets borrowed key and value and returns
    /// false to stop early. Returns false when stopped early.
    @discardableResult
    public func forEach<S: ContiguousBytes, E: ContiguousBytes>(
        _ cf: ColumnFamily, start: S, end: E, snapshot: Snapshot? = nil,
        _ body: (_ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) throws -> Bool
    ) throws -> Bool {
        let it: Iterator = try start.withUnsafeBytes { s in
            try end.withUnsafeBytes { e in
                try withHandle("iterator", cf: cf, snapshot: snapshot) { h in
                    retainDependent()
                    return Iterator(db: self, handle: h, cf: cf, snapshot: snapshot,
                                    lowerBound: s.isEmpty ? nil : s, upperBound: e.isEmpty ? nil : e, fillCache: true)
                }
            }
        }
        it.seekToFirst()
        while it.isValid {
            if try !body(it.key, it.value) { return false }
            it.next()
        }
        try it.checkError()
        return true
    }

    /// Visits every entry of `cf` in key order (see ``forEach(_:start:end:snapshot:_:)``).
    @discardableResult
    public func forEach(
        _ cf: ColumnFamily, snapshot: Snapshot? = nil,
        _ body: (_ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) throws -> Bool
    ) throws -> Bool {
        try forEach(cf, start: [UInt8](), end: [UInt8](), snapshot: snapshot, body)
    }
}

extension Optional where Wrapped == [UInt8] {
    /// Calls `body` with the bytes, or with nil when there is no array.
    fileprivate func withUnsafeBytesOrNil<R>(_ body: (UnsafeRawBufferPointer?) throws -> R) rethrows -> R {
        switch self {
        case .none: return try body(nil)
        case .some(let a): return try a.withUnsafeBytes { try body($0) }
        }
    }
}

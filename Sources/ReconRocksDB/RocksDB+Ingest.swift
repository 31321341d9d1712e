import CRocksDB
import Foundation

extension RocksDB {
    /// Adds entries, in strictly increasing key order, to the table file that
    /// ``ingestSorted(_:file:_:)`` is building.
    public struct SortedFileWriter {
        let raw: OpaquePointer
        let path: String
        /// Entries added so far.
        public private(set) var count = 0

        /// Adds `key` → `value`; `key` must sort after every key added before.
        public mutating func put(_ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) throws {
            try rocksCall("SstFileWriter.put", path: path) { err in
                rocksdb_sstfilewriter_put(raw, cBytes(key), key.count, cBytes(value), value.count, err)
            }
            count += 1
        }

        /// Adds a deletion of `key` (hides older values once ingested).
        public mutating func delete(_ key: UnsafeRawBufferPointer) throws {
            try rocksCall("SstFileWriter.delete", path: path) { err in
                rocksdb_sstfilewriter_delete(raw, cBytes(key), key.count, err)
            }
            count += 1
        }
    }

    /// Builds a table file at `file` with the database's own table options
    /// (compression, filters, format) from the entries `fill` adds in key order, then
    /// moves it into column family `cf` (`IngestExternalFile`, move instead of copy).
    /// The ingested entries are newer than everything written before. Without a
    /// single entry nothing is ingested. The file is gone afterwards, ingested or not.
    /// Returns the number of entries ingested.
    ///
    /// This is how a fresh store is bulk-built without memtable inserts or a WAL:
    /// the caller sorts, RocksDB only writes blocks and links the file in.
    @discardableResult
    public func ingestSorted(
        _ cf: ColumnFamily, file: String, _ fill: (inout SortedFileWriter) throws -> Void
    ) throws -> Int {
        try check(cf, "ingestSorted")
        let envOptions = rocksdb_envoptions_create()
        defer { rocksdb_envoptions_destroy(envOptions) }
        guard let raw = rocksdb_sstfilewriter_create(envOptions, cOptions.options) else {
            throw StorageError(.rocksdb, "ingestSorted", "could not create a table file writer", path: file)
        }
        defer {
            rocksdb_sstfilewriter_destroy(raw)
            unlink(file)
        }
        try rocksCall("SstFileWriter.open", path: file) { err in rocksdb_sstfilewriter_open(raw, file, err) }
        var writer = SortedFileWriter(raw: raw, path: file)
        try fill(&writer)
        guard writer.count > 0 else { return 0 }
        try rocksCall("SstFileWriter.finish", path: file) { err in rocksdb_sstfilewriter_finish(raw, err) }

        let ingestOptions = rocksdb_ingestexternalfileoptions_create()
        defer { rocksdb_ingestexternalfileoptions_destroy(ingestOptions) }
        rocksdb_ingestexternalfileoptions_set_move_files(ingestOptions, 1)
        try withHandle("ingestSorted", cf: cf) { db in
            try withCStringArray([file]) { files in
                try rocksCall("IngestExternalFile", path: path) { err in
                    rocksdb_ingest_external_file_cf(db, cf.handle, files, 1, ingestOptions, err)
                }
            }
        }
        return writer.count
    }
}

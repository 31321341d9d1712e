import CRocksDB
import Foundation

extension RocksDB {
    /// Adds entries, in strictly increasing key order, to the table files that
    /// ``ingestSorted(_:filePrefix:fileBytes:compression:_:)`` is building. A file is closed and the
    /// next one started once it holds `fileBytes` bytes of keys and values, so the
    /// files never overlap each other.
    ///
    /// RocksDB syncs each table file when it is finished, and the C API cannot set the
    /// writer's `bytes_per_sync`; so every ``writebackBytes`` the writer starts the
    /// kernel writing the file back itself (`sync_file_range`, no wait). The disk then
    /// works while the next blocks are built instead of at each file's sync.
    public struct SortedFileWriter: ~Copyable {
        /// Bytes added between two writeback starts.
        static let writebackBytes = 8 << 20
        private let envOptions: OpaquePointer
        private let options: OpaquePointer
        private let filePrefix: String
        private let fileBytes: Int
        private var raw: OpaquePointer?
        private var bytesInFile = 0
        private var bytesSinceWriteback = 0
        /// The file being written, open for writeback starts (-1 when not open).
        private var writebackFD: Int32 = -1
        /// Finished files, in key order.
        fileprivate var files: [String] = []
        /// The file being written (nil before the first entry).
        fileprivate var current: String?
        /// Entries added so far.
        public private(set) var count = 0

        fileprivate init(envOptions: OpaquePointer, options: OpaquePointer, filePrefix: String, fileBytes: Int) {
            self.envOptions = envOptions
            self.options = options
            self.filePrefix = filePrefix
            self.fileBytes = max(1, fileBytes)
        }

        /// Adds `key` → `value`; `key` must sort after every key added before.
        public mutating func put(_ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) throws {
            let w = try writer()
            try rocksCall("SstFileWriter.put", path: current) { err in
                rocksdb_sstfilewriter_put(w, cBytes(key), key.count, cBytes(value), value.count, err)
            }
            try added(key.count + value.count)
        }

        /// Adds a deletion of `key` (hides older values once ingested).
        public mutating func delete(_ key: UnsafeRawBufferPointer) throws {
            let w = try writer()
            try rocksCall("SstFileWriter.delete", path: current) { err in
                rocksdb_sstfilewriter_delete(w, cBytes(key), key.count, err)
            }
            try added(key.count)
        }

        /// Adds `key` → `value`, or a deletion of `key` when `value` is nil.
        public mutating func add(_ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer?) throws {
            if let value { try put(key, value) } else { try delete(key) }
        }

        private mutating func writer() throws -> OpaquePointer {
            if let raw { return raw }
            let file = "\(filePrefix)-\(files.count).sst"
            guard let w = rocksdb_sstfilewriter_create(envOptions, options) else {
                throw StorageError(.rocksdb, "ingestSorted", "could not create a table file writer", path: file)
            }
            raw = w
            current = file
            try rocksCall("SstFileWriter.open", path: file) { err in rocksdb_sstfilewriter_open(w, file, err) }
            return w
        }

        private mutating func added(_ bytes: Int) throws {
            count += 1
            bytesInFile += bytes
            bytesSinceWriteback += bytes
            if bytesInFile >= fileBytes {
                try finishFile()
            } else if bytesSinceWriteback >= Self.writebackBytes {
                startWriteback()
            }
        }

        /// Asks the kernel to start writing back what RocksDB wrote of the current file
        /// so far. Best effort: a failure only means the sync at the end waits longer.
        private mutating func startWriteback() {
            bytesSinceWriteback = 0
            guard let current else { return }
            if writebackFD < 0 { writebackFD = Glibc.open(current, O_RDONLY | O_CLOEXEC) }
            if writebackFD >= 0 { _ = recon_start_writeback(writebackFD) }
        }

        private mutating func closeWritebackFD() {
            if writebackFD >= 0 { Glibc.close(writebackFD) }
            writebackFD = -1
            bytesSinceWriteback = 0
        }

        /// Finishes the file being written, if any.
        fileprivate mutating func finishFile() throws {
            guard let w = raw, let file = current else { return }
            raw = nil
            bytesInFile = 0
            closeWritebackFD()
            defer { rocksdb_sstfilewriter_destroy(w) }
            try rocksCall("SstFileWriter.finish", path: file) { err in rocksdb_sstfilewriter_finish(w, err) }
            files.append(file)
            current = nil
        }

        /// Every file this writer created, finished or not.
        fileprivate var allFiles: [String] { files + (current.map { [$0] } ?? []) }

        deinit {
            if let raw { rocksdb_sstfilewriter_destroy(raw) }
            if writebackFD >= 0 { Glibc.close(writebackFD) }
        }
    }

    /// Builds table files named `filePrefix-N.sst` with the database's own table
    /// options (compression, filters, format) from the entries `fill` adds in strictly
    /// increasing key order, a new file every `fileBytes` bytes of keys and values,
    /// then moves them all into column family `cf` at once (`IngestExternalFile`,
    /// move instead of copy). The ingested entries are newer than everything written
    /// before; since the files do not overlap, an empty column family takes them
    /// straight into its last level (nothing left to compact). Without a single entry
    /// nothing is ingested. The files are gone afterwards, ingested or not. Returns the
    /// number of entries ingested.
    ///
    /// This is how a fresh store is bulk-built without memtable inserts or a WAL:
    /// the caller sorts, RocksDB only writes blocks and links the files in.
    ///
    /// `compression` overrides the database's block compression for these files only
    /// (nil keeps it); later compactions write with the database's own.
    @discardableResult
    public func ingestSorted(
        _ cf: ColumnFamily, filePrefix: String, fileBytes: Int = .max,
        compression: RocksDBOptions.Compression? = nil,
        _ fill: (inout SortedFileWriter) throws -> Void
    ) throws -> Int {
        try check(cf, "ingestSorted")
        let envOptions = rocksdb_envoptions_create()!
        defer { rocksdb_envoptions_destroy(envOptions) }
        let fileOptions = rocksdb_options_create_copy(cOptions.options)!
        defer { rocksdb_options_destroy(fileOptions) }
        if let compression { rocksdb_options_set_compression(fileOptions, compression.cValue) }
        var writer = SortedFileWriter(
            envOptions: envOptions, options: fileOptions, filePrefix: filePrefix, fileBytes: fileBytes)
        defer { for file in writer.allFiles { unlink(file) } }
        try fill(&writer)
        try writer.finishFile()
        let files = writer.files
        guard !files.isEmpty else { return 0 }

        let ingestOptions = rocksdb_ingestexternalfileoptions_create()
        defer { rocksdb_ingestexternalfileoptions_destroy(ingestOptions) }
        rocksdb_ingestexternalfileoptions_set_move_files(ingestOptions, 1)
        try withHandle("ingestSorted", cf: cf) { db in
            try withCStringArray(files) { paths in
                try rocksCall("IngestExternalFile", path: path) { err in
                    rocksdb_ingest_external_file_cf(db, cf.handle, paths, files.count, ingestOptions, err)
                }
            }
        }
        return writer.count
    }
}

import ReconTaskKit

/// The plugin's own index of FSO directories (object id → parent object id + name), kept
/// from directoryTable events so complete paths are rebuilt without scanning the OM.
enum DirectoryIndex {
    /// The stored value of a directory: parent id (8 bytes BE) + name, into `out` (cleared).
    static func encode(parent: UInt64, name: BorrowedString, into out: inout [UInt8]) {
        out.removeAll(keepingCapacity: true)
        BigEndian.append(parent, to: &out)
        out.append(contentsOf: name.utf8)
    }

    /// Records `directory` (a PUT, an UPDATE's new value, or a reprocess record).
    static func put(_ directory: DirectoryRecord, _ tx: Transaction, scratch: inout [UInt8]) throws {
        encode(parent: directory.parentObjectID, name: directory.name, into: &scratch)
        try tx.kvPut(StorageLayout.directories, BigEndian.bytes(directory.objectID), scratch)
    }

    /// Forgets `directory` (a DELETE, or an UPDATE's old value) unless its entry already
    /// names another parent or name: in a rename the new row's PUT may come first in the
    /// batch, and must survive the old row's DELETE.
    static func remove(_ directory: DirectoryRecord, _ tx: Transaction, scratch: inout [UInt8]) throws {
        encode(parent: directory.parentObjectID, name: directory.name, into: &scratch)
        let key = BigEndian.bytes(directory.objectID)
        let matches = try tx.withKVValue(StorageLayout.directories, key) { stored in
            stored.map { $0.elementsEqual(scratch) } ?? false
        }
        if matches { try tx.kvDelete(StorageLayout.directories, key) }
    }

    /// The parent id and name of directory `objectID`, or `nil` when it is not indexed.
    static func lookup(_ objectID: UInt64, in reader: some StoreReader) throws -> (parent: UInt64, name: String)? {
        try reader.withKVValue(StorageLayout.directories, BigEndian.bytes(objectID)) { value in
            guard let value, value.count >= 8 else { return nil }
            let name = String(decoding: UnsafeRawBufferPointer(rebasing: value[8...]), as: UTF8.self)
            return (BigEndian.read(value, at: 0), name)
        }
    }
}

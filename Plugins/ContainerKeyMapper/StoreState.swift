import ReconTaskKit

/// Whether the live store holds a complete build.
enum StoreState {
    /// `true` once a full build (reprocess) of this store switched in; before that the
    /// endpoints answer empty, as Recon does while its tasks initialize.
    static func isBuilt(_ reader: some StoreReader) throws -> Bool {
        try reader.withKVValue(StorageLayout.meta, StorageLayout.builtMarker) { $0 != nil }
    }
}

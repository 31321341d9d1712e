import CReconTask
import OzoneFormat

/// The host's decoder of OM values into the ABI's record views: each value is
/// decoded once per batch and shared by every plugin. Malformed values decode to
/// NULL (the plugin still has the raw bytes).
struct OMRecordViewDecoder: OMRecordDecoding {
    func kind(ofTable table: String) -> recon_record_kind? {
        guard let t = OMTable(name: table) else { return nil }
        switch t.valueKind {
        case .keyInfo: return RECON_RECORD_KEY
        case .directoryInfo: return RECON_RECORD_DIRECTORY
        case .volumeInfo: return RECON_RECORD_VOLUME
        case .bucketInfo: return RECON_RECORD_BUCKET
        case .repeatedKeyInfo: return RECON_RECORD_KEY_LIST
        case .multipartKeyInfo: return RECON_RECORD_MULTIPART
        default: return nil
        }
    }

    func decode(kind: recon_record_kind, value: UnsafeRawBufferPointer, into arena: CArena) -> UnsafePointer<recon_record>? {
        var record = recon_record()
        record.struct_size = UInt32(MemoryLayout<recon_record>.size)
        record.kind = kind.rawValue
        do {
            switch kind {
            case RECON_RECORD_KEY: record.key = try KeyRecordDecoder.decode(value, 0..<value.count, arena)
            case RECON_RECORD_DIRECTORY: record.directory = try NamespaceRecordDecoders.directory(value, arena)
            case RECON_RECORD_VOLUME: record.volume = try NamespaceRecordDecoders.volume(value, arena)
            case RECON_RECORD_BUCKET: record.bucket = try NamespaceRecordDecoders.bucket(value, arena)
            case RECON_RECORD_KEY_LIST: (record.key_list_count, record.key_list) = try ListRecordDecoders.keyList(value, arena)
            case RECON_RECORD_MULTIPART: record.multipart = try ListRecordDecoders.multipart(value, arena)
            default: return nil
            }
        } catch {
            return nil
        }
        return UnsafePointer(arena.store(record))
    }
}

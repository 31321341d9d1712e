import CReconTask

/// Decodes OM values into the ABI's record views, once per value, into an arena
/// that lives as long as the batch (or call) that hands them out.
protocol OMRecordDecoding: Sendable {
    /// The record kind of OM column family `table`'s values, or nil when not decoded.
    func kind(ofTable table: String) -> recon_record_kind?
    /// The decoded view of `value` of the given kind, or nil when malformed.
    func decode(kind: recon_record_kind, value: UnsafeRawBufferPointer, into arena: CArena) -> UnsafePointer<recon_record>?
}

extension OMRecordDecoding {
    /// The decoded view of `value` from OM column family `table`, or nil when the
    /// host does not decode that table (or the value is malformed).
    func decode(table: String, value: UnsafeRawBufferPointer, into arena: CArena) -> UnsafePointer<recon_record>? {
        guard let kind = kind(ofTable: table) else { return nil }
        return decode(kind: kind, value: value, into: arena)
    }
}

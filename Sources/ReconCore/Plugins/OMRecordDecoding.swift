import CReconTask

/// Decodes OM values into the ABI's record views, once per value, into an arena
/// that lives as long as the batch (or call) that hands them out.
protocol OMRecordDecoding: Sendable {
    /// The decoded view of `value` from OM column family `table`, or nil when the
    /// host does not decode that table (or the value is malformed).
    func decode(table: String, value: UnsafeRawBufferPointer, into arena: CArena) -> UnsafePointer<recon_record>?
}

/// Where event rules write: the per-batch cache over storage (process) or a worker's
/// in-memory partial map (reprocess).
protocol SummaryTarget {
    /// Calls `body` with the summary of `id`, creating it (named `name`) when absent.
    mutating func update(_ id: EntityID, name: UnsafeRawBufferPointer, _ body: (inout Summary) -> Void) throws
}

extension SummaryTarget {
    /// Updates an object entity (bucket or FSO directory).
    mutating func updateObject(_ objectID: UInt64, _ body: (inout Summary) -> Void) throws {
        try update(.object(objectID), name: UnsafeRawBufferPointer(start: nil, count: 0), body)
    }
}

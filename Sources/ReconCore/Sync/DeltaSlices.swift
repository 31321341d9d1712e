import OzoneFormat

extension OMDeltaUpdates {
    /// The response cut into consecutive runs of whole batches of at most `maxSequences`
    /// sequence numbers each (a larger batch alone in its run), in order; itself when it
    /// needs no cut. Each run keeps the response's ``latestSequenceNumber``; batches whose
    /// header cannot be read stay in the current run for the applier to refuse.
    func slices(maxSequences: UInt64) -> [OMDeltaUpdates] {
        var runs: [OMDeltaUpdates] = []
        var start = 0
        var sequences: UInt64 = 0
        for (i, batch) in batches.enumerated() {
            let count = batch.withUnsafeBytes { raw in (try? WriteBatchReader.header(of: raw)).map { UInt64($0.count) } } ?? 0
            if i > start, sequences + count > maxSequences {
                runs.append(run(start..<i))
                start = i
                sequences = 0
            }
            sequences += count
        }
        if runs.isEmpty { return [self] }
        runs.append(run(start..<batches.count))
        return runs
    }

    private func run(_ range: Range<Int>) -> OMDeltaUpdates {
        let last = batches[range].last.flatMap { batch in
            batch.withUnsafeBytes { raw in (try? WriteBatchReader.header(of: raw))?.sequence }
        }
        return OMDeltaUpdates(batches: Array(batches[range]), sequenceNumber: last ?? Self.noBatches, latestSequenceNumber: latestSequenceNumber)
    }
}

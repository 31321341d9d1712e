/// One observation of a sequence number: when it was seen (seconds on the bench's
/// clock) and the sequence.
struct SequenceSample: Sendable {
    /// When the answer arrived, seconds since the phase started.
    var time: Double
    /// The sequence number it reported.
    var sequence: Int64
}

/// Lag from OM commit to visible through recond's API, from two sampled series: the
/// OM's latest sequence and recond's visible sequence. The lag of an OM sequence is the
/// first time recond showed a sequence at least as high minus the first time the OM
/// showed it (never negative: both are sampled, so recond may be seen first).
struct LagAnalysis: Sendable {
    /// Lags in seconds of every OM sample that showed a new sequence, with that sample's time.
    let lags: [(time: Double, lag: Double)]
    /// OM sequences recond never showed before the samplers stopped.
    let unresolved: Int

    /// Matches every new OM sequence in `om` to the first `recond` sample reaching it;
    /// an unresolved one counts as lagging until `end`.
    init(om: [SequenceSample], recond: [SequenceSample], end: Double) {
        var lags: [(Double, Double)] = []
        var unresolved = 0
        var previous = Int64.min
        var cursor = 0
        for sample in om where sample.sequence > previous {
            previous = sample.sequence
            while cursor < recond.count && recond[cursor].sequence < sample.sequence { cursor += 1 }
            if cursor < recond.count {
                lags.append((sample.time, max(0, recond[cursor].time - sample.time)))
            } else {
                unresolved += 1
                lags.append((sample.time, max(0, end - sample.time)))
            }
        }
        self.lags = lags
        self.unresolved = unresolved
    }

    /// Percentiles of the lags within `[from, to)` (seconds on the phase clock).
    func percentiles(from: Double, to: Double) -> Percentiles {
        Percentiles(lags.filter { $0.time >= from && $0.time < to }.map(\.lag))
    }

    /// The least-squares slope of lag against time within `[from, to)`, seconds of lag
    /// gained per second: about 0 when the lag is steady, positive when it grows.
    func slope(from: Double, to: Double) -> Double {
        let points = lags.filter { $0.time >= from && $0.time < to }
        guard points.count > 2 else { return 0 }
        let n = Double(points.count)
        let meanT = points.reduce(0) { $0 + $1.time } / n
        let meanL = points.reduce(0) { $0 + $1.lag } / n
        var covariance = 0.0
        var variance = 0.0
        for p in points {
            covariance += (p.time - meanT) * (p.lag - meanL)
            variance += (p.time - meanT) * (p.time - meanT)
        }
        return variance > 0 ? covariance / variance : 0
    }
}

/// Order statistics of a sample (nearest-rank percentiles).
struct Percentiles: Codable, Sendable {
    /// Observations.
    var count: Int
    /// Median.
    var p50: Double
    /// 99th percentile.
    var p99: Double
    /// Largest observation.
    var max: Double

    /// The statistics of `values` (all zero when empty).
    init(_ values: [Double]) {
        let sorted = values.sorted()
        count = sorted.count
        p50 = Self.rank(sorted, 0.50)
        p99 = Self.rank(sorted, 0.99)
        max = sorted.last ?? 0
    }

    /// The median item of non-empty `items` by `key` (nearest rank: the lower middle of
    /// an even count), so all its other figures come from the same run.
    static func median<T>(of items: [T], by key: (T) -> Double) -> T {
        precondition(!items.isEmpty, "the median of nothing")
        let sorted = items.sorted { key($0) < key($1) }
        return sorted[(sorted.count - 1) / 2]
    }

    /// The nearest-rank `q` quantile of ascending `sorted`.
    private static func rank(_ sorted: [Double], _ q: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let index = Int((q * Double(sorted.count)).rounded(.up)) - 1
        return sorted[Swift.max(0, Swift.min(sorted.count - 1, index))]
    }
}

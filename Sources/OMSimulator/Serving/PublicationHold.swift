/// Operations written to the OM DB ahead of time but not shown to readers yet: while
/// any are held, readers (``SimulatedOM/latestSequenceNumber``, deltas) see the DB only
/// up to `ceiling`, and each publication moves the ceiling to the last sequence number
/// of a later held operation. Lets a harness measure a follower at a write rate the
/// simulator could not sustain while sharing the machine with it: the writing happens
/// before the measurement, the commits become visible at the rate.
struct PublicationHold: Sendable {
    /// The highest sequence number readers see; nil when nothing is held.
    private(set) var ceiling: UInt64?
    /// The last sequence number of each held operation, in write order.
    private var boundaries: [UInt64] = []
    /// How many of `boundaries` are published.
    private var published = 0

    /// Operations written and not yet published.
    var held: Int { boundaries.count - published }

    /// The latest sequence number readers see, given the DB's `latest`.
    func visible(_ latest: UInt64) -> UInt64 {
        Self.visible(latest, ceiling: ceiling)
    }

    /// The latest sequence number readers see under `ceiling`, given the DB's `latest`.
    static func visible(_ latest: UInt64, ceiling: UInt64?) -> UInt64 {
        ceiling.map { min($0, latest) } ?? latest
    }

    /// Starts holding at `latest` (the DB's latest sequence before the first held
    /// operation) unless a hold is already on.
    mutating func begin(at latest: UInt64) {
        if ceiling == nil { ceiling = latest }
    }

    /// Records a held operation that ended at sequence number `last`.
    mutating func append(_ last: UInt64) {
        boundaries.append(last)
    }

    /// Publishes the next `count` held operations (at most all held); returns how many it
    /// published. Publishing the last one ends the hold.
    mutating func publish(_ count: Int) -> Int {
        let newly = min(max(0, count), held)
        guard newly > 0 else { return 0 }
        published += newly
        ceiling = boundaries[published - 1]
        if held == 0 { end() }
        return newly
    }

    /// Publishes everything held and ends the hold; returns how many were published.
    mutating func publishAll() -> Int {
        let newly = held
        end()
        return newly
    }

    private mutating func end() {
        ceiling = nil
        boundaries.removeAll()
        published = 0
    }
}

/// Summaries accumulated in memory by one reprocess worker (or by the merge): each
/// entry holds the entity's partial totals as seen so far.
struct PartialMap: SummaryTarget {
    /// The entities.
    var entities: [EntityID: Entity] = [:]

    /// The number of entities held.
    var count: Int { entities.count }

    /// Calls `body` with the partial summary of `id`, creating it when absent.
    mutating func update(_ id: EntityID, name: UnsafeRawBufferPointer, _ body: (inout Summary) -> Void) {
        if let index = entities.index(forKey: id) {
            body(&entities.values[index].summary)
        } else {
            var entity = Entity(summary: Summary(), name: Array(name))
            body(&entity.summary)
            entities[id] = entity
        }
    }

    /// Updates an object entity (bucket or FSO directory).
    mutating func updateObject(_ objectID: UInt64, _ body: (inout Summary) -> Void) {
        update(.object(objectID), name: UnsafeRawBufferPointer(start: nil, count: 0), body)
    }

    /// Adds a partial summary of `id` (totals and markers add up, a known parent wins).
    mutating func merge(_ id: EntityID, _ other: Entity) {
        if let index = entities.index(forKey: id) {
            entities.values[index].summary.absorb(other.summary)
        } else {
            entities[id] = other
        }
    }

    /// Adds every entity of `other`.
    mutating func merge(_ other: PartialMap) {
        for (id, entity) in other.entities { merge(id, entity) }
    }
}

extension Summary {
    /// Adds a partial summary of the same entity.
    mutating func absorb(_ other: Summary) {
        totals.add(other.totals, sign: 1)
        markers &+= other.markers
        if other.parent != 0 { parent = other.parent }
    }
}

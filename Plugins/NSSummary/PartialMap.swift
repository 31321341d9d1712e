/// Summaries accumulated in memory by one reprocess worker (or by the merge): each
/// entry holds the entity's partial totals as seen so far.
///
/// A scan meets the same few entities record after record (the files of one
/// directory, the prefixes of neighbouring keys), so recently updated entities are
/// remembered with their position in a small direct-mapped cache and updated there
/// without hashing; any insertion forgets the positions.
struct PartialMap: SummaryTarget {
    /// The entities.
    private(set) var entities: [EntityID: Entity] = [:]
    /// Recently updated entities and where they are, by ``EntityID/cacheSlot``.
    private var recent = [Recent?](repeating: nil, count: EntityID.cacheSlots)

    private struct Recent {
        let id: EntityID
        let index: Dictionary<EntityID, Entity>.Index
    }

    /// The number of entities held.
    var count: Int { entities.count }

    /// Calls `body` with the partial summary of `id`, creating it when absent.
    mutating func update(_ id: EntityID, name: UnsafeRawBufferPointer, _ body: (inout Summary) -> Void) {
        let slot = id.cacheSlot
        if let hit = recent[slot], hit.id == id {
            body(&entities.values[hit.index].summary)
            return
        }
        if let index = entities.index(forKey: id) {
            recent[slot] = Recent(id: id, index: index)
            body(&entities.values[index].summary)
        } else {
            var entity = Entity(summary: Summary(), name: Array(name))
            body(&entity.summary)
            forgetPositions()
            entities[id] = entity
        }
    }

    /// Drops every entity, keeping the capacity.
    mutating func removeAll() {
        forgetPositions()
        entities.removeAll(keepingCapacity: true)
    }

    private mutating func forgetPositions() {
        for slot in recent.indices where recent[slot] != nil { recent[slot] = nil }
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
            forgetPositions()
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

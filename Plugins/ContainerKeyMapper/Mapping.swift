import ReconTaskKit

/// One container ↔ key mapping of an OM key: the key has at least one block of
/// `version` in `container`. Several blocks of one version in one container are one
/// mapping.
struct Mapping: Hashable, Sendable {
    /// The container id.
    var container: Int64
    /// The key version (the KeyLocationList's version).
    var version: UInt64
}

extension KeyRecord {
    /// Calls `body` once for each distinct (container, version) of every version's blocks,
    /// without allocating: `seen` is the caller's scratch buffer (cleared here).
    func forEachMapping(seen: inout [Mapping], _ body: (Mapping) throws -> Void) rethrows {
        seen.removeAll(keepingCapacity: true)
        for version in versions {
            let number = version.version
            for block in version.blocks {
                let mapping = Mapping(container: block.containerID, version: number)
                if seen.contains(mapping) { continue }
                seen.append(mapping)
                try body(mapping)
            }
        }
    }

    /// The record's distinct mappings.
    var mappings: Set<Mapping> {
        var seen: [Mapping] = []
        forEachMapping(seen: &seen) { _ in }
        return Set(seen)
    }
}

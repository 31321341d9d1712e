extension OMKeyInfo {
    /// EC parameters when `type` is EC and field 17 is present, else nil.
    public var ecParameters: ECParameters? {
        guard type == .ec, hasEcReplicationConfig else { return nil }
        return ECParameters(ecReplicationConfig)
    }

    /// Bytes on datanodes per `QuotaUtil.getReplicatedSize` (see `ReplicatedSize.compute`).
    public var replicatedSize: UInt64 {
        ReplicatedSize.compute(dataSize: dataSize, type: type, factor: factor, ec: ecParameters)
    }

    /// The latest version's block list: the **last** `keyLocationList` entry (Ozone ignores
    /// field 10 `latestVersion` when reading). Nil when the key has no versions.
    public var latestVersionLocations: OMKeyLocationList? {
        keyLocationList.last
    }

    /// Blocks created by the latest version only (`getBlocksLatestVersionOnly`):
    /// those of the last list whose `createVersion` equals the list's `version`.
    public var latestVersionBlocksOnly: [OMKeyLocation] {
        guard let latest = keyLocationList.last else { return [] }
        return latest.keyLocations.filter { $0.createVersion == latest.version }
    }

    /// Container id of every block of every version, in order, duplicates kept (Recon's
    /// container→key index walks all versions).
    public var allContainerIDs: [Int64] {
        var ids: [Int64] = []
        for list in keyLocationList {
            for location in list.keyLocations {
                ids.append(location.blockID.containerBlockID.containerID)
            }
        }
        return ids
    }

    /// The value Ozone writes into field 10: the last list's version, or −1 as UInt64 when none.
    public var computedLatestVersion: UInt64 {
        keyLocationList.last?.version ?? UInt64.max
    }
}

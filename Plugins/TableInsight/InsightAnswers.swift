import ReconTaskKit

/// The answers built from the stored table stats: `/clusterState` and the four
/// `/keys/.../summary` routes, in Recon's shapes. Before the first full build every
/// number is 0 (these answers have no status field to say INITIALIZING).
struct InsightAnswers {
    /// Reads one table's stats; zero when absent or before the first build.
    private let stats: (String) throws -> TableStats

    /// Answers from `view`.
    init(_ view: ReadView) throws {
        let built = try TableStatsStore.isBuilt(view)
        stats = { table in built ? try TableStatsStore.read(table, view) ?? TableStats() : TableStats() }
    }

    /// `GET /clusterState`. The OM-derived fields come from the table counts; the
    /// SCM-derived ones (pipelines, datanodes, storage, containers) are 0 because
    /// recond has no SCM, and the service ids are empty.
    func clusterState() throws -> JSONValue {
        let zeroStorage: JSONValue = [
            "capacity": 0, "used": 0, "remaining": 0, "committed": 0, "minimumFreeSpace": 0, "reserved": 0,
            "filesystemCapacity": 0, "filesystemUsed": 0, "filesystemAvailable": 0,
        ]
        return [
            "pipelines": 0, "totalDatanodes": 0, "healthyDatanodes": 0, "storageReport": zeroStorage,
            "containers": 0, "missingContainers": 0, "openContainers": 0, "deletedContainers": 0,
            "volumes": .int(try stats("volumeTable").count),
            "buckets": .int(try stats("bucketTable").count),
            "keys": .int(try stats("keyTable").count + stats("fileTable").count),
            "keysPendingDeletion": .int(try stats("deletedTable").count),
            "deletedDirs": .int(try stats("deletedDirectoryTable").count),
            "scmServiceId": "", "omServiceId": "",
        ]
    }

    /// `GET /keys/open/summary`: openKeyTable and openFileTable together.
    func openKeysSummary() throws -> JSONValue {
        var open = try stats("openKeyTable")
        open += try stats("openFileTable")
        return [
            "totalUnreplicatedDataSize": .int(open.unreplicatedSize),
            "totalReplicatedDataSize": .int(open.replicatedSize),
            "totalOpenKeys": .int(open.count),
        ]
    }

    /// `GET /keys/open/mpu/summary` (Recon names the logical total `totalDataSize`).
    func openMultipartSummary() throws -> JSONValue {
        let mpu = try stats("multipartInfoTable")
        return [
            "totalOpenMPUKeys": .int(mpu.count),
            "totalReplicatedDataSize": .int(mpu.replicatedSize),
            "totalDataSize": .int(mpu.unreplicatedSize),
        ]
    }

    /// `GET /keys/deletePending/summary`: the keys listed in deletedTable.
    func deletePendingSummary() throws -> JSONValue {
        let deleted = try stats("deletedTable")
        return [
            "totalUnreplicatedDataSize": .int(deleted.unreplicatedSize),
            "totalReplicatedDataSize": .int(deleted.replicatedSize),
            "totalDeletedKeys": .int(deleted.count),
        ]
    }

    /// `GET /keys/deletePending/dirs/summary`.
    func deletedDirectoriesSummary() throws -> JSONValue {
        ["totalDeletedDirectories": .int(try stats("deletedDirectoryTable").count)]
    }
}

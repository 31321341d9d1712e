import Synchronization

/// One row of `/api/v1/task/status`, in Recon's JSON shape (`RECON_TASK_STATUS`).
public struct TaskStatusRow: Codable, Sendable, Equatable {
    /// Task (plugin) name, or a pseudo-task such as `OmDeltaRequest`.
    public var taskName: String
    /// Milliseconds since the epoch of the last run start or completion.
    public var lastUpdatedTimestamp: Int64
    /// The OM sequence number the task has consumed.
    public var lastUpdatedSeqNumber: Int64
    /// 0 for success, -1 for failure.
    public var lastTaskRunStatus: Int
    /// 1 while running, else 0.
    public var isCurrentTaskRunning: Int

    /// Creates a row.
    public init(taskName: String, lastUpdatedTimestamp: Int64, lastUpdatedSeqNumber: Int64, lastTaskRunStatus: Int, isCurrentTaskRunning: Int) {
        self.taskName = taskName
        self.lastUpdatedTimestamp = lastUpdatedTimestamp
        self.lastUpdatedSeqNumber = lastUpdatedSeqNumber
        self.lastTaskRunStatus = lastTaskRunStatus
        self.isCurrentTaskRunning = isCurrentTaskRunning
    }
}

/// The live task status rows, updated at each run's start and end.
public final class TaskStatusBoard: Sendable {
    private let rows = Mutex<[String: TaskStatusRow]>([:])
    private let clock: any WallClock

    /// Creates an empty board reading time from `clock`.
    public init(clock: any WallClock = SystemWallClock()) {
        self.clock = clock
    }

    /// Adds a row for `task` if it has none, with the sequence already consumed.
    public func register(_ task: String, sequence: UInt64) {
        rows.withLock { rows in
            if rows[task] == nil {
                rows[task] = TaskStatusRow(
                    taskName: task, lastUpdatedTimestamp: 0, lastUpdatedSeqNumber: Int64(bitPattern: sequence),
                    lastTaskRunStatus: 0, isCurrentTaskRunning: 0)
            }
        }
    }

    /// Marks `task` running.
    public func started(_ task: String) {
        let now = clock.nowMilliseconds()
        rows.withLock { rows in
            var row = rows[task] ?? TaskStatusRow(taskName: task, lastUpdatedTimestamp: 0, lastUpdatedSeqNumber: 0, lastTaskRunStatus: 0, isCurrentTaskRunning: 0)
            row.isCurrentTaskRunning = 1
            row.lastUpdatedTimestamp = now
            rows[task] = row
        }
    }

    /// Marks `task` finished; on success its sequence advances to `sequence`.
    public func finished(_ task: String, success: Bool, sequence: UInt64?) {
        let now = clock.nowMilliseconds()
        rows.withLock { rows in
            var row = rows[task] ?? TaskStatusRow(taskName: task, lastUpdatedTimestamp: 0, lastUpdatedSeqNumber: 0, lastTaskRunStatus: 0, isCurrentTaskRunning: 0)
            row.isCurrentTaskRunning = 0
            row.lastUpdatedTimestamp = now
            row.lastTaskRunStatus = success ? 0 : -1
            if success, let sequence { row.lastUpdatedSeqNumber = Int64(bitPattern: sequence) }
            rows[task] = row
        }
    }

    /// Every row, sorted by task name.
    public func snapshot() -> [TaskStatusRow] {
        rows.withLock { Array($0.values) }.sorted { $0.taskName < $1.taskName }
    }
}

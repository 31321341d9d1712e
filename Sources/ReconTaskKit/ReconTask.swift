/// A recond task plugin written in Swift.
///
/// A plugin is one final class conforming to `ReconTask` plus one exported C entry
/// point that hands the type to ``ReconTaskExport``:
///
/// ```swift
/// import CReconTask
/// import ReconTaskKit
///
/// final class MyTask: ReconTask { ... }
///
/// @c @implementation
/// public func recon_task_entry_v1(
///     _ host: UnsafePointer<recon_host_info>?
/// ) -> UnsafePointer<recon_task_descriptor>? {
///     ReconTaskExport.descriptor(for: MyTask.self, host: host)
/// }
/// ```
///
/// The SDK turns the static properties into the plugin descriptor and every callback
/// into a call on one instance created by ``init(host:args:)``. Everything handed to a
/// method (batches, events, transactions, views, requests, responses) is borrowed for
/// the duration of that call: copy what you want to keep.
///
/// Threading follows `recon_task.h`: ``process(_:_:)`` is never called concurrently with
/// itself or with the reprocess methods; ``reprocessChunk(worker:_:_:)`` runs on up to
/// `workers` threads at once; ``handle(_:_:_:)`` may run on any number of threads at
/// once, concurrently with everything else. That is why a task must be `Sendable`: keep
/// derived data in the host's storage, and in-memory state behind a lock (or in
/// ``WorkerLocal`` during reprocess).
///
/// A thrown error never crosses into the host: it becomes a status code and an error
/// message (see ``ReconTaskError``).
public protocol ReconTask: AnyObject, Sendable {
    /// The plugin's unique name, `[a-z][a-z0-9_]{0,63}`. Its storage is namespaced by it.
    static var name: String { get }
    /// The plugin's version. A change makes the host rebuild the plugin's store.
    static var version: String { get }
    /// A one-line description shown by the host. Defaults to the empty string.
    static var description: String { get }
    /// The OM column families the plugin consumes, e.g. `["keyTable", "fileTable"]`;
    /// `["*"]` consumes every table.
    static var omTables: [String] { get }
    /// The key/value tables the plugin owns, `[a-z0-9_]{1,64}` each. Defaults to none.
    static var kvTables: [String] { get }
    /// The HTTP routes the plugin answers under `/api/v1`. Defaults to none.
    static var routes: [Route] { get }
    /// Whether the plugin rebuilds its store through the reprocess methods. When
    /// `false` (the default) the descriptor has no reprocess callbacks and a rebuilt
    /// store starts empty.
    static var supportsReprocess: Bool { get }
    /// The toolchain recorded in the descriptor's `built_with`. Defaults to
    /// ``ReconTaskExport/swiftToolchain`` (for example `"swift-6.3.1"`).
    static var builtWith: String { get }

    /// Creates the plugin instance. Called once, on the host's control thread.
    ///
    /// - Parameters:
    ///   - host: host services usable during this call only (log, metric registration).
    ///   - args: the plugin's configuration and environment; safe to keep.
    /// - Throws: any error to refuse to start; the message is logged by the host.
    init(host: TaskHost, args: InitArgs) throws

    /// Prepares a fresh storage generation, typically with `CREATE TABLE` statements.
    /// Defaults to doing nothing.
    func initStore(_ tx: Transaction) throws

    /// Applies one batch of OM events. The host commits the writes made through `tx`
    /// together with the batch's cursor when this returns; a thrown error discards them.
    func process(_ batch: EventBatch, _ tx: Transaction) throws

    /// Starts a full rebuild that will arrive in chunks from `workers` host threads.
    func reprocessBegin(workers: Int, _ tx: Transaction) throws
    /// Handles one chunk of the host's shared scan of the OM replica (every action is
    /// `.put`). Calls with different `worker` ids run concurrently.
    func reprocessChunk(worker: Int, _ records: EventBatch, _ tx: Transaction) throws
    /// Combines the workers' partial results after the last chunk returned.
    func reprocessMerge(_ tx: Transaction) throws

    /// Answers a request for one of ``routes``. Read through `view`, write the answer
    /// to `response`. A thrown error without a response status becomes a 500.
    func handle(_ request: Request, _ view: ReadView, _ response: Response) throws

    /// Called after the host switched in a new storage generation: reload in-memory
    /// state derived from storage. Defaults to doing nothing.
    func generationSwitched(_ view: ReadView) throws
}

extension ReconTask {
    /// The empty description.
    public static var description: String { "" }
    /// No key/value tables.
    public static var kvTables: [String] { [] }
    /// No routes.
    public static var routes: [Route] { [] }
    /// No reprocess support.
    public static var supportsReprocess: Bool { false }
    /// The Swift toolchain this plugin was compiled with.
    public static var builtWith: String { ReconTaskExport.swiftToolchain }

    /// Does nothing.
    public func initStore(_ tx: Transaction) throws {}

    /// Fails: override together with ``supportsReprocess``.
    public func reprocessBegin(workers: Int, _ tx: Transaction) throws {
        throw ReconTaskError.invalid("\(Self.name) does not implement reprocessBegin")
    }
    /// Fails: override together with ``supportsReprocess``.
    public func reprocessChunk(worker: Int, _ records: EventBatch, _ tx: Transaction) throws {
        throw ReconTaskError.invalid("\(Self.name) does not implement reprocessChunk")
    }
    /// Fails: override together with ``supportsReprocess``.
    public func reprocessMerge(_ tx: Transaction) throws {
        throw ReconTaskError.invalid("\(Self.name) does not implement reprocessMerge")
    }

    /// Answers 404: override when ``routes`` is not empty.
    public func handle(_ request: Request, _ view: ReadView, _ response: Response) throws {
        response.status(404)
        response.write("no handler for \(request.route.method) \(request.route.path)\n")
    }

    /// Does nothing.
    public func generationSwitched(_ view: ReadView) throws {}
}

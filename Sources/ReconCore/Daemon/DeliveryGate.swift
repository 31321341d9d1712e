/// An async mutex: one holder at a time, waiters resumed in order. The runtime uses it
/// so that delivering a delta batch to the live plugins and starting a staged
/// reprocess (which begins buffering, then calls `init_store`/`reprocess_*` on the
/// same plugins) never overlap: the ABI forbids `process` concurrent with
/// `reprocess_*` on one plugin.
actor DeliveryGate {
    private var held = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    /// Runs `body` while holding the gate.
    func run<R: Sendable>(_ body: @Sendable () async throws -> R) async rethrows -> R {
        await acquire()
        defer { release() }
        return try await body()
    }

    private func acquire() async {
        if !held {
            held = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    private func release() {
        if waiters.isEmpty {
            held = false
        } else {
            waiters.removeFirst().resume()
        }
    }
}

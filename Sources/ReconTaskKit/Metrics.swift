import CReconTask

/// A monotonically increasing metric, registered with ``TaskHost/counter(_:help:)``.
/// Keep it in the task; record through the context of the current call.
public struct Counter: Sendable, Hashable {
    /// The id the host assigned.
    public let id: UInt32

    /// Adds `value` (>= 0).
    public func increment(by value: Double = 1, in scope: some CallScope) {
        let call = scope.callContext
        call.functions.metricRecord(call.ctx, id, value)
    }
}

/// A metric set to a value, registered with ``TaskHost/gauge(_:help:)``.
/// Keep it in the task; record through the context of the current call.
public struct Gauge: Sendable, Hashable {
    /// The id the host assigned.
    public let id: UInt32

    /// Sets the gauge to `value`.
    public func set(_ value: Double, in scope: some CallScope) {
        let call = scope.callContext
        call.functions.metricRecord(call.ctx, id, value)
    }
}

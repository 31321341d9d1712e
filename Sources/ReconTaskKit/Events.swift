import CReconTask

/// What happened to an OM key, following Recon's rules.
public struct Action: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The `recon_action` value.
    public let rawValue: UInt32
    /// Creates an action from a `recon_action` value.
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// A key that did not exist (and every record of a reprocess scan).
    public static let put = Action(rawValue: RECON_PUT.rawValue)
    /// A PUT over an existing key; the event carries the old value.
    public static let update = Action(rawValue: RECON_UPDATE.rawValue)
    /// A deleted key; the event's value is the deleted value.
    public static let delete = Action(rawValue: RECON_DELETE.rawValue)

    /// `"PUT"`, `"UPDATE"`, `"DELETE"`, or `"ACTION(<n>)"` for a value added later.
    public var description: String {
        switch self {
        case .put: "PUT"
        case .update: "UPDATE"
        case .delete: "DELETE"
        default: "ACTION(\(rawValue))"
        }
    }
}

/// A borrowed batch of events (`recon_event_batch`). Valid only during the call.
public struct EventBatch: RandomAccessCollection {
    /// The raw batch, for code that reads the C ABI directly.
    public let raw: UnsafePointer<recon_event_batch>
    private let events: BorrowedList<Event>

    /// Wraps a borrowed batch.
    public init(_ raw: UnsafePointer<recon_event_batch>) {
        self.raw = raw
        self.events = BorrowedList(raw.pointee.events, raw.pointee.count) { slot in
            Event(slot.load(as: UnsafePointer<recon_event>.self))
        }
    }

    /// The OM sequence number of the first write batch in this batch.
    public var firstSequence: UInt64 { raw.pointee.first_sequence }
    /// The OM sequence number the host commits as the cursor on success.
    public var lastSequence: UInt64 { raw.pointee.last_sequence }

    /// The first index, 0.
    public var startIndex: Int { 0 }
    /// The number of events.
    public var endIndex: Int { events.count }
    /// The event at `position`.
    public subscript(position: Int) -> Event { events[position] }
}

/// One borrowed change of one OM key (`recon_event`). Valid only during the call.
///
/// The raw bytes are views into host memory; ``record`` and ``oldRecord`` are the
/// host's decoded views, shared with every other plugin (decoded once).
public struct Event {
    /// The raw event, for code that reads the C ABI directly.
    public let raw: UnsafePointer<recon_event>

    /// Wraps a borrowed event.
    public init(_ raw: UnsafePointer<recon_event>) { self.raw = raw }

    /// PUT, UPDATE or DELETE.
    public var action: Action { Action(rawValue: raw.pointee.action) }
    /// The OM column family, e.g. `keyTable`.
    public var table: BorrowedString { BorrowedString(raw.pointee.table) }
    /// The raw OM key.
    public var key: UnsafeRawBufferPointer { UnsafeRawBufferPointer(raw.pointee.key) }
    /// PUT/UPDATE: the new value; DELETE: the deleted value.
    public var value: UnsafeRawBufferPointer { UnsafeRawBufferPointer(raw.pointee.value) }
    /// UPDATE: the previous value; otherwise usually empty.
    public var oldValue: UnsafeRawBufferPointer { UnsafeRawBufferPointer(raw.pointee.old_value) }
    /// The OM sequence number of the write batch holding this change.
    public var sequence: UInt64 { raw.pointee.sequence }

    /// A copy of the raw OM key.
    public var keyBytes: [UInt8] { Array(key) }
    /// A copy of the raw OM key decoded as UTF-8 (OM keys are paths such as
    /// `/vol/bucket/key`; FSO keys embed object ids as decimal text).
    public var keyString: String { String(decoding: key, as: UTF8.self) }
    /// A copy of ``value``.
    public var valueBytes: [UInt8] { Array(value) }
    /// A copy of ``oldValue``.
    public var oldValueBytes: [UInt8] { Array(oldValue) }

    /// The host's decoded view of ``value``, or `nil` when the table is not decoded.
    public var record: Record? { Record(raw.pointee.record) }
    /// The host's decoded view of ``oldValue``, or `nil`.
    public var oldRecord: Record? { Record(raw.pointee.old_record) }

    /// The decoded key record (keyTable, fileTable, open key tables), or `nil`.
    public var keyRecord: KeyRecord? { record?.key }
    /// The decoded previous key record of an UPDATE, or `nil`.
    public var oldKeyRecord: KeyRecord? { oldRecord?.key }
}

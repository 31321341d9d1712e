import Foundation
import OzoneFormat
import ReconRocksDB

/// The OM's `getUpdatesSince` (`RDBStore.getUpdatesSince`, om-db-format.md §7.2) over the
/// simulator's WAL, with its exact rules:
///
/// - `limit` ≤ 0 is refused (`invalidArgument`, Java's `IllegalArgumentException`);
/// - the WAL is read from `sequenceNumber`; when the latest sequence differs from it and
///   the WAL has nothing, or the first batch starts after `sequenceNumber + 1`, the
///   batches in between are gone: `sequenceNumberNotFound`;
/// - batches starting at or before `sequenceNumber` are skipped; each later batch is
///   returned whole, in WAL order (one serialized WriteBatch per `data` item);
/// - reading stops after the batch with `start − sequenceNumber ≥ limit`, or once the
///   batches returned add up to `maxBytes` (`ozone.om.delta.update.data.size.max.limit`);
/// - `sequenceNumber` of the response is the highest batch start returned, or −1
///   (`UInt64.max`) when none; `latestSequenceNumber` is the DB's latest sequence read
///   after the scan; `dbUpdateSuccess` is true;
/// - any other RocksDB failure (e.g. a sequence number past the latest) is not thrown:
///   the response says `dbUpdateSuccess = false` with both numbers −1, as the OM does.
///
/// `ceiling` (while operations are held, ``PublicationHold``) hides every batch starting
/// after it: reading stops before the first such batch and `latestSequenceNumber` says
/// at most `ceiling`.
///
/// `floor` adds the simulator's own purge point (``SimulatedOM/purgeWAL()``): requests
/// below it are answered `sequenceNumberNotFound` whatever the WAL still holds.
enum DeltaUpdates {
    static func read(db: RocksDB, since sequenceNumber: UInt64, limit: Int, maxBytes: Int, floor: UInt64, ceiling: UInt64? = nil) throws -> OMDBUpdatesResponse {
        guard limit > 0 else { throw OMSimulatorError.invalidArgument("limitCount must be positive, got \(limit)") }
        var response = OMDBUpdatesResponse()
        response.sequenceNumber = UInt64.max
        let latest = PublicationHold.visible(try db.latestSequenceNumber, ceiling: ceiling)
        if sequenceNumber < floor, sequenceNumber != latest {
            throw OMSimulatorError.sequenceNumberNotFound(
                requested: sequenceNumber, earliestAvailable: try earliestAvailable(db: db, floor: floor))
        }
        let iterator: RocksDB.WALIterator
        do {
            iterator = try db.updates(since: sequenceNumber)
        } catch {
            response.dbUpdateSuccess = false
            response.latestSequenceNumber = UInt64.max
            return response
        }
        if latest != sequenceNumber, !iterator.isValid {
            throw OMSimulatorError.sequenceNumberNotFound(
                requested: sequenceNumber, earliestAvailable: try earliestAvailable(db: db, floor: floor))
        }
        var first = true
        var bytes = 0
        var current: UInt64?
        while iterator.isValid {
            let stop: Bool = try iterator.withBatch { start, data in
                if first, start > sequenceNumber &+ 1 {
                    throw OMSimulatorError.sequenceNumberNotFound(
                        requested: sequenceNumber, earliestAvailable: max(floor, start - 1))
                }
                first = false
                if start <= sequenceNumber { return false }
                if let ceiling, start > ceiling { return true }
                response.data.append(Data(data))
                current = max(current ?? 0, start)
                if start - sequenceNumber >= UInt64(limit) { return true }
                bytes += data.count
                return bytes >= maxBytes
            }
            if stop { break }
            iterator.next()
        }
        response.sequenceNumber = current ?? UInt64.max
        response.latestSequenceNumber = PublicationHold.visible(try db.latestSequenceNumber, ceiling: ceiling)
        response.dbUpdateSuccess = true
        return response
    }

    /// The lowest sequence number a request can start from: one before the first batch the
    /// WAL still holds (the latest sequence when it holds none), and not below `floor`.
    static func earliestAvailable(db: RocksDB, floor: UInt64) throws -> UInt64 {
        let latest = try db.latestSequenceNumber
        var earliest = latest
        if let iterator = try? db.updates(since: 0), iterator.isValid {
            earliest = iterator.withBatch { start, _ in start > 0 ? start - 1 : 0 }
        }
        return min(latest, max(floor, earliest))
    }
}

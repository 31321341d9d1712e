/// The OM column families this plugin knows by name (Ozone's `OMDBDefinition`, 1.4
/// through master). Every one gets a row after a full build, 0 when the replica lacks
/// it; tables outside this list get a row as soon as they hold a record.
enum OMTableCatalog {
    /// Every known OM table.
    static let all = [
        "userTable", "dTokenTable", "s3SecretTable", "volumeTable", "bucketTable", "prefixTable",
        "transactionInfoTable", "metaTable", "keyTable", "deletedTable", "openKeyTable",
        "multipartInfoTable", "multipartPartsTable", "fileTable", "openFileTable", "directoryTable",
        "deletedDirectoryTable", "tenantStateTable", "tenantAccessIdTable", "principalToAccessIdsTable",
        "snapshotInfoTable", "snapshotRenamedTable", "compactionLogTable", "lifecycleConfigurationTable",
        "lifecycleScanStateTable",
    ]
}

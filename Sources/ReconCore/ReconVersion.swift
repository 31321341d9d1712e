/// The version of recond.
public enum ReconVersion {
    /// Semantic version of this build.
    public static let current = "0.1.0"
}

/// Why the storage as a whole could not be opened or changed: the part that failed and its
/// own error, whose message says what to do.
public enum RaftStorageError: Error, Sendable, CustomStringConvertible {
    case keys(KeyStoreError)
    case log(WriteAheadLogError)
    case snapshots(SnapshotStoreError)

    public var description: String {
        switch self {
        case .keys(let error): "\(error)"
        case .log(let error): "\(error)"
        case .snapshots(let error): "\(error)"
        }
    }
}

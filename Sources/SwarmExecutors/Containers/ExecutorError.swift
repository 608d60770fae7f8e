/// Why a container could not be prepared, started or inspected, in words for `docker service
/// ps`'s error column.
public enum ExecutorError: Error, Sendable, CustomStringConvertible {
    /// The image could not be pulled or unpacked (the image store's error says why).
    case image(ImageError)
    /// The container's user does not exist in its image.
    case unknownUser(String, image: String)
    /// runc failed; its own words follow.
    case runtime(action: String, detail: String)
    /// The bundle's files could not be written.
    case bundle(String)

    public var description: String {
        switch self {
        case .image(let error): "\(error)"
        case .unknownUser(let user, let image): "user \(user) is not in image \(image)'s /etc/passwd or /etc/group"
        case .runtime(let action, let detail): "runc \(action) failed: \(detail)"
        case .bundle(let detail): "preparing the container's bundle failed: \(detail)"
        }
    }
}

public import DockerAPI
import SwarmExecutors
public import SwarmManager

/// `GET /distribution/{name}/json`: the node asks the image's registry (or the registry mirror)
/// what the reference names, so the docker CLI can pin a service to a digest.
extension SwarmNode {
    public func distribution(of image: String) async throws(ControlError) -> ImageDistributionJSON {
        do {
            let distribution = try await registry.resolveDigest(try ImageReference(parsing: image))
            let descriptor = distribution.descriptor
            return ImageDistributionJSON(
                mediaType: descriptor.mediaType, digest: "\(descriptor.digest)", size: descriptor.size,
                platforms: distribution.platforms.map { ($0.os, $0.architecture, $0.variant) }
            )
        } catch {
            switch error {
            case .invalidReference: throw ControlError(.invalidArgument, "\(error)")
            case .imageNotFound: throw ControlError(.notFound, "\(error)")
            case .registryUnreachable: throw ControlError(.unavailable, "\(error)")
            default: throw ControlError(.failedPrecondition, "\(error)")
            }
        }
    }
}

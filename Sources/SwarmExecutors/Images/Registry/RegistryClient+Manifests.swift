import AsyncHTTPClient
import NIOHTTP1

extension RegistryClient {
    /// The manifest `manifestReference` (a tag or a digest) of `reference`'s repository, verified:
    /// its bytes must hash to `expected` when given, and to the `Docker-Content-Digest` the
    /// registry announces when it announces one.
    ///
    /// - Throws: `.imageNotFound`, `.damagedManifest`, `.unusableManifest`, and the request errors.
    func fetchManifest(
        _ reference: ImageReference, at manifestReference: String, expecting expected: ImageDigest?
    ) async throws(ImageError) -> FetchedManifest {
        let registry = endpoints.endpoint(for: reference)
        let response = try await get(
            "/v2/\(reference.repository)/manifests/\(manifestReference)", accept: ManifestMediaType.acceptHeader, for: reference
        )
        switch response.status {
        case .ok:
            break
        case .notFound:
            let body = (try? await collect(response, byteLimit: RegistryErrorBody.byteLimit, registry: registry, reference: reference)) ?? []
            throw .imageNotFound(reference, registry: registry, detail: RegistryErrorBody.message(in: body) ?? "no such manifest")
        default:
            throw await refusal(response, for: reference)
        }
        let bytes = try await collect(response, byteLimit: ManifestDocument.byteLimit, registry: registry, reference: reference)
        let digest = ImageDigest(of: bytes)
        if let expected, expected != digest {
            throw .damagedManifest(reference, registry: registry, expected: expected, actual: digest)
        }
        if let announced = response.headers.first(name: "Docker-Content-Digest").flatMap(ImageDigest.init), announced != digest {
            throw .damagedManifest(reference, registry: registry, expected: announced, actual: digest)
        }
        do {
            let document = try ManifestDocument(decoding: bytes, contentType: response.headers.first(name: "Content-Type"))
            return FetchedManifest(bytes: bytes, document: document, digest: digest)
        } catch {
            throw .unusableManifest(reference, error)
        }
    }
}

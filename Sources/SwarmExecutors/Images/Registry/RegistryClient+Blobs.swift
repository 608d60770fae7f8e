import AsyncHTTPClient
import Crypto
import NIOCore
import NIOHTTP1
import SwarmFileSystem
import SystemPackage

extension RegistryClient {
    /// An image configuration, fetched, verified and decoded.
    struct FetchedConfiguration {
        let bytes: [UInt8]
        let configuration: ImageConfiguration
    }

    /// Fetches and decodes the configuration `descriptor` of `reference`.
    ///
    /// - Throws: `.damagedBlob`, `.malformedConfiguration`, and the request errors.
    func fetchConfiguration(_ descriptor: ContentDescriptor, of reference: ImageReference) async throws(ImageError) -> FetchedConfiguration {
        guard descriptor.size <= ImageConfiguration.byteLimit else {
            throw .malformedConfiguration(
                reference, descriptor.digest, reason: "its manifest says it has \(descriptor.size) bytes, more than the \(ImageConfiguration.byteLimit) swarmd accepts"
            )
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(descriptor.size))
        try await receiveBlob(descriptor, .configuration, of: reference) { chunk throws(ImageError) in bytes.append(contentsOf: chunk) }
        do {
            return FetchedConfiguration(bytes: bytes, configuration: try ImageConfiguration(decoding: bytes))
        } catch {
            throw .malformedConfiguration(reference, descriptor.digest, reason: "\(error)")
        }
    }

    /// Streams the layer `descriptor` of `reference` into `file` (at `path`, for messages),
    /// verifying its size and digest. On error the file holds part of the layer: discard it.
    ///
    /// - Throws: `.damagedBlob`, `.fileSystem`, and the request errors.
    func downloadLayer(_ descriptor: ContentDescriptor, of reference: ImageReference, into file: SystemPackage.FileDescriptor, path: FilePath) async throws(ImageError) {
        try await receiveBlob(descriptor, .layer, of: reference) { chunk throws(ImageError) in
            try fileSystem(FileSystemCalls.writeAll(file, chunk, path: path))
        }
    }

    /// `GET /v2/NAME/blobs/DIGEST`, handing each piece of the body to `consume` as it arrives,
    /// hashing as it goes. Refuses more bytes than the descriptor says as soon as they arrive;
    /// checks the size and the digest at the end.
    private func receiveBlob(
        _ descriptor: ContentDescriptor, _ kind: ImageError.BlobKind, of reference: ImageReference,
        consume: (UnsafeRawBufferPointer) throws(ImageError) -> Void
    ) async throws(ImageError) {
        let registry = endpoints.endpoint(for: reference)
        let response = try await get("/v2/\(reference.repository)/blobs/\(descriptor.digest)", accept: nil, for: reference)
        switch response.status {
        case .ok:
            break
        case .notFound:
            let body = (try? await collect(response, byteLimit: RegistryErrorBody.byteLimit, registry: registry, reference: reference)) ?? []
            throw .damagedBlob(reference, kind, descriptor.digest, registry: registry, .missing(detail: RegistryErrorBody.message(in: body) ?? "blob unknown"))
        default:
            throw await refusal(response, for: reference)
        }
        var hasher = SHA256()
        var receivedByteCount: Int64 = 0
        var pieces = response.body.makeAsyncIterator()
        // Bounded: each piece is counted, and more than the descriptor's size ends the loop.
        while true {
            let piece: ByteBuffer?
            do {
                piece = try await pieces.next()
            } catch {
                throw transportFailure(error, registry: registry, reference: reference)
            }
            guard let piece else { break }
            receivedByteCount += Int64(piece.readableBytes)
            guard receivedByteCount <= descriptor.size else {
                throw .damagedBlob(
                    reference, kind, descriptor.digest, registry: registry,
                    .sizeMismatch(receivedByteCount: receivedByteCount, expectedByteCount: descriptor.size)
                )
            }
            try piece.withUnsafeReadableBytes { bytes in
                hasher.update(bufferPointer: bytes)
                return Result { () throws(ImageError) in try consume(bytes) }
            }.get()
        }
        guard receivedByteCount == descriptor.size else {
            throw .damagedBlob(
                reference, kind, descriptor.digest, registry: registry,
                .sizeMismatch(receivedByteCount: receivedByteCount, expectedByteCount: descriptor.size)
            )
        }
        let actual = ImageDigest(hasher.finalize())
        guard actual == descriptor.digest else {
            throw .damagedBlob(reference, kind, descriptor.digest, registry: registry, .digestMismatch(actual: actual))
        }
    }
}

package depot.core.blob;

/**
 * The digests of an upload besides SHA-256 (which names every blob and is always computed): what a format may ask
 * {@link BlobStore#put} for when it must check or answer one before the upload's 201.
 */
public enum Checksum { MD5, SHA1, SHA512 }

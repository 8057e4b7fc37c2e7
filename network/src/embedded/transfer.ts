/**
 * Bytes posted to another thread (a chaincode container, the peer) move instead of being
 * copied when they own their whole buffer, as a fresh protobuf encoding does. A view into a
 * larger or pooled buffer is copied: transferring would detach the rest of that buffer.
 */
export function transferList(bytes: Uint8Array): ArrayBuffer[] {
  const { buffer } = bytes;
  return buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === buffer.byteLength ? [buffer] : [];
}

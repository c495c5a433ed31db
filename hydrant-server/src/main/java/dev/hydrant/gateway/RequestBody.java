package dev.hydrant.gateway;

import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.ext.web.RoutingContext;

/** Request bodies as array slices, without copying the body when Vert.x already holds it in a heap array. */
record RequestBody(byte[] array, int offset, int length) {
    private static final RequestBody EMPTY = new RequestBody(new byte[0], 0, 0);

    static RequestBody of(RoutingContext context) {
        Buffer buffer = context.body() == null ? null : context.body().buffer();
        if (buffer == null || buffer.length() == 0) {
            return EMPTY;
        }
        if (buffer instanceof BufferInternal internal) {
            ByteBuf byteBuf = internal.getByteBuf();
            if (byteBuf.hasArray()) {
                return new RequestBody(byteBuf.array(), byteBuf.arrayOffset() + byteBuf.readerIndex(), byteBuf.readableBytes());
            }
        }
        byte[] copy = buffer.getBytes();
        return new RequestBody(copy, 0, copy.length);
    }

    /** The body as an exact array (a copy unless it already is one). */
    byte[] bytes() {
        if (offset == 0 && length == array.length) {
            return array;
        }
        byte[] copy = new byte[length];
        System.arraycopy(array, offset, copy, 0, length);
        return copy;
    }
}

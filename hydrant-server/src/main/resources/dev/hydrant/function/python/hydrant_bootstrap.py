# Hydrant's Python worker: imports one Lambda handler once, then answers invocations framed as described in
# dev.hydrant.function.python.PythonProtocol, on the process's original stdin and stdout. Runs as `python3 -u -c`.
# Python 3.8+ syntax only; standard library only.
import decimal
import importlib
import io
import json
import logging
import os
import struct
import sys
import time
import traceback

MAGIC = 0x48594450  # "HYDP"
VERSION = 1
FRAME_HEADER = struct.Struct(">IBBHii")
TYPE_INVOKE = 1
TYPE_RESULT = 2
TYPE_ERROR = 3
MAX_RESPONSE_BYTES = 6291556
LOG_MARKER = "\x1e\x1ehydrant-invocation-"

_request_id = ""


def take_protocol_streams():
    """Keeps the real stdin and stdout for the protocol; user code sees /dev/null and stderr in their place."""
    protocol_in = io.FileIO(os.dup(0), "rb", closefd=True)
    protocol_out = io.BufferedWriter(io.FileIO(os.dup(1), "wb", closefd=True), buffer_size=1 << 16)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    os.dup2(2, 1)  # C-level writes to fd 1 now reach the log, never the protocol
    sys.stdout.flush()
    return protocol_in, protocol_out


def read_exact(stream, length):
    buffer = bytearray(length)
    view = memoryview(buffer)
    position = 0
    while position < length:
        count = stream.readinto(view[position:])
        if not count:
            if position == 0 and length == FRAME_HEADER.size:
                return None
            raise EOFError("protocol stream ended inside a frame")
        position += count
    return buffer


def read_frame(stream):
    prefix = read_exact(stream, FRAME_HEADER.size)
    if prefix is None:
        return None
    magic, version, frame_type, _, header_length, payload_length = FRAME_HEADER.unpack(prefix)
    if magic != MAGIC or version != VERSION:
        raise ValueError("bad frame magic or version")
    header = json.loads(read_exact(stream, header_length).decode("utf-8"))
    payload = read_exact(stream, payload_length)
    return frame_type, header, payload


def write_frame(stream, frame_type, header, payload):
    header_bytes = json.dumps(header).encode("utf-8")
    stream.write(FRAME_HEADER.pack(MAGIC, VERSION, frame_type, 0, len(header_bytes), len(payload)))
    stream.write(header_bytes)
    stream.write(payload)
    stream.flush()


def log(text):
    for line in text.rstrip("\n").split("\n"):
        sys.stderr.write(line + "\n")
    sys.stderr.flush()


def mark(kind, request_id):
    sys.stdout.flush()
    sys.stderr.flush()
    os.write(2, (LOG_MARKER + kind + " " + request_id.replace("\n", " ") + "\n").encode("utf-8"))


class LambdaLoggerFilter(logging.Filter):
    def filter(self, record):
        record.aws_request_id = _request_id
        return True


def configure_logging():
    handler = logging.StreamHandler(sys.stderr)
    formatter = logging.Formatter(
        "[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s", "%Y-%m-%dT%H:%M:%S")
    formatter.converter = time.gmtime
    handler.setFormatter(formatter)
    handler.addFilter(LambdaLoggerFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.WARNING)


class LambdaContext:
    def __init__(self, request_id, invoked_function_arn, remaining_millis):
        self.aws_request_id = request_id
        self.invoked_function_arn = invoked_function_arn
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self.identity = None
        self.client_context = None
        self._deadline = time.monotonic() + remaining_millis / 1000.0

    def get_remaining_time_in_millis(self):
        return max(0, int((self._deadline - time.monotonic()) * 1000))

    def log(self, message):
        sys.stdout.write(str(message))
        sys.stdout.flush()

    def __repr__(self):
        return "LambdaContext([aws_request_id={},function_name={},function_version={},invoked_function_arn={}])".format(
            self.aws_request_id, self.function_name, self.function_version, self.invoked_function_arn)


class FaultError(Exception):
    def __init__(self, error_type, message, stack_trace=None):
        Exception.__init__(self, message)
        self.error_type = error_type
        self.message = message
        self.stack_trace = stack_trace or []


def error_document(error_type, message, stack_trace, request_id):
    return {"errorMessage": message, "errorType": error_type, "requestId": request_id, "stackTrace": stack_trace}


def user_stack_trace(trace):
    # The first frame is this bootstrap calling the handler or importing the module.
    frames = traceback.extract_tb(trace)
    while frames and frames[0].filename == "<string>":
        frames = frames[1:]
    return traceback.format_list(frames)


def load_handler(handler_name):
    """Returns (handler, None) or (None, error document without request id), logging the failure as Lambda does."""
    try:
        try:
            module_name, function_name = handler_name.rsplit(".", 1)
        except ValueError as e:
            raise FaultError("Runtime.MalformedHandlerName", "Bad handler '{}': {}".format(handler_name, e))
        try:
            if module_name.split("/")[0].split(".")[0] in sys.builtin_module_names:
                raise FaultError("Runtime.BuiltInModuleConflict",
                                 "Cannot use built-in module {} as a handler module".format(module_name))
            module = importlib.import_module(module_name.replace("/", "."))
        except ImportError as e:
            raise FaultError("Runtime.ImportModuleError", "Unable to import module '{}': {}".format(module_name, e))
        except SyntaxError as e:
            trace = ['  File "%s" Line %s\n    %s' % (e.filename, e.lineno, e.text)]
            raise FaultError("Runtime.UserCodeSyntaxError",
                             "Syntax error in module '{}': {}".format(module_name, e), trace)
        try:
            handler = getattr(module, function_name)
        except AttributeError:
            raise FaultError("Runtime.HandlerNotFound",
                             "Handler '{}' missing on module '{}'".format(function_name, module_name))
        if not callable(handler):
            raise FaultError("Runtime.HandlerNotFound",
                             "Handler '{}' on module '{}' is not callable".format(function_name, module_name))
        return handler, None
    except FaultError as e:
        error = (e.error_type, e.message, e.stack_trace)
    except Exception as e:
        error = (type(e).__name__, str(e), user_stack_trace(sys.exc_info()[2]))
    log("[ERROR] {}: {}".format(error[0], error[1]) + "".join("\n" + line.rstrip("\n") for line in error[2]))
    return None, error


class ResultEncoder(json.JSONEncoder):
    def default(self, value):
        if isinstance(value, decimal.Decimal):
            return float(value) if value % 1 else int(value)
        return json.JSONEncoder.default(self, value)


def invoke(handler, init_error, header, payload):
    """Returns (frame type, payload bytes)."""
    global _request_id
    request_id = header["requestId"]
    if init_error is not None:
        error_type, message, stack_trace = init_error
        log("[ERROR] {}: {}".format(error_type, message))
        return TYPE_ERROR, error_document(error_type, message, stack_trace, request_id)
    try:
        event = json.loads(payload.decode("utf-8")) if payload else {}
    except ValueError as e:
        message = "Unable to unmarshal input: {}".format(e)
        log("[ERROR] Runtime.UnmarshalError: " + message)
        return TYPE_ERROR, error_document("Runtime.UnmarshalError", message, [], request_id)
    context = LambdaContext(request_id, header.get("invokedFunctionArn"), header["remainingMillis"])
    _request_id = request_id
    try:
        result = handler(event, context)
    except Exception as e:
        stack_trace = user_stack_trace(sys.exc_info()[2])
        log("[ERROR] {}: {}\nTraceback (most recent call last):\n{}".format(
            type(e).__name__, e, "".join(stack_trace)))
        return TYPE_ERROR, error_document(type(e).__name__, str(e), stack_trace, request_id)
    finally:
        _request_id = ""
    try:
        body = json.dumps(result, cls=ResultEncoder).encode("utf-8")
    except (TypeError, ValueError, OverflowError, RecursionError) as e:
        message = "Unable to marshal response: {}".format(e)
        log("[ERROR] Runtime.MarshalError: " + message)
        return TYPE_ERROR, error_document("Runtime.MarshalError", message, [], request_id)
    if len(body) > MAX_RESPONSE_BYTES:
        message = "Response payload size ({} bytes) exceeded maximum allowed payload size ({} bytes).".format(
            len(body), MAX_RESPONSE_BYTES)
        log("[ERROR] Function.ResponseSizeTooLarge: " + message)
        return TYPE_ERROR, error_document("Function.ResponseSizeTooLarge", message, [], request_id)
    return TYPE_RESULT, body


def main():
    protocol_in, protocol_out = take_protocol_streams()
    task_root = os.environ["LAMBDA_TASK_ROOT"]
    if sys.path and sys.path[0] in ("", "."):
        del sys.path[0]
    sys.path.insert(0, task_root)
    configure_logging()
    handler, init_error = load_handler(os.environ["_HANDLER"])
    while True:
        frame = read_frame(protocol_in)
        if frame is None:
            return
        frame_type, header, payload = frame
        if frame_type != TYPE_INVOKE:
            raise ValueError("unexpected frame type {}".format(frame_type))
        request_id = header["requestId"]
        mark("start", request_id)
        try:
            result_type, result = invoke(handler, init_error, header, payload)
        finally:
            mark("end", request_id)
        if result_type == TYPE_ERROR:
            result = json.dumps(result).encode("utf-8")
        write_frame(protocol_out, result_type, {"requestId": request_id}, result)


main()

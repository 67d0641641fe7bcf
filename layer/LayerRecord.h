/* clscope loader layer: the record format and the channel layout shared by
 * libclscope-layer.so (the writer, inside the observed program) and clscope
 * (the reader, layer/ChannelReader.hpp). Plain C, no dependency on anything.
 *
 * The channel is one shared-memory region (a memfd created by clscope, passed
 * to the program it starts as an inherited file descriptor named by the
 * environment variable CLSCOPE_LAYER_CHANNEL="fd:<N>:<token hex>"; there is
 * no file system name, so only that program and its children can write):
 *
 *   [clscope_layer_channel_header][clscope_layer_slot x capacity]
 *
 * The slots form a bounded multi-producer / single-consumer ring (Vyukov's
 * sequence-numbered slots). Producers never wait: when the ring is full a
 * record is dropped and records_dropped counts it. Every counter and index
 * is a naturally aligned uint64_t accessed with atomic operations only.
 *
 * Versioning: a reader refuses a channel whose magic, layout_version or
 * record_size differ from its own; a layer refuses (and passes every call
 * through) likewise. Times are CLOCK_MONOTONIC nanoseconds (POCL's profiling
 * clock is the same clock; on other drivers device times are the device's).
 */
#ifndef CLSCOPE_LAYER_RECORD_H
#define CLSCOPE_LAYER_RECORD_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CLSCOPE_LAYER_CHANNEL_ENV "CLSCOPE_LAYER_CHANNEL"
#define CLSCOPE_LAYER_MAGIC 0x31434C5343504F43ull /* "COPCSLC1" little endian */
#define CLSCOPE_LAYER_LAYOUT_VERSION 1u
#define CLSCOPE_LAYER_NAME_BYTES 64u

/* What a record describes. */
enum clscope_layer_kind {
  CLSCOPE_KIND_KERNEL = 1,       /* clEnqueueNDRangeKernel, clEnqueueTask, clEnqueueNativeKernel
                                    (named "(native kernel)") */
  CLSCOPE_KIND_READ = 2,         /* clEnqueueReadBuffer(Rect), clEnqueueReadImage */
  CLSCOPE_KIND_WRITE = 3,        /* clEnqueueWriteBuffer(Rect), clEnqueueWriteImage */
  CLSCOPE_KIND_COPY = 4,         /* clEnqueueCopyBuffer(Rect), clEnqueueCopyImage, ...ImageToBuffer,
                                    ...BufferToImage, clEnqueueSVMMemcpy, clEnqueueMigrateMemObjects */
  CLSCOPE_KIND_FILL = 5,         /* clEnqueueFillBuffer, clEnqueueFillImage, clEnqueueSVMMemFill */
  CLSCOPE_KIND_MAP = 6,          /* clEnqueueMapBuffer, clEnqueueMapImage, clEnqueueSVMMap */
  CLSCOPE_KIND_UNMAP = 7,        /* clEnqueueUnmapMemObject, clEnqueueSVMUnmap */
  CLSCOPE_KIND_MARKER = 8,       /* clEnqueueMarker(WithWaitList) */
  CLSCOPE_KIND_BARRIER = 9,      /* clEnqueueBarrier(WithWaitList) */
  CLSCOPE_KIND_FINISH = 10,      /* clFinish: host wait only, no device times */
  CLSCOPE_KIND_WAIT_EVENTS = 11  /* clWaitForEvents: host wait only */
};

/* Direction of the bytes a command moves. */
enum clscope_layer_direction {
  CLSCOPE_DIR_NONE = 0,
  CLSCOPE_DIR_HOST_TO_DEVICE = 1,
  CLSCOPE_DIR_DEVICE_TO_HOST = 2,
  CLSCOPE_DIR_DEVICE_TO_DEVICE = 3
};

/* record.flags bits */
#define CLSCOPE_FLAG_DEVICE_TIMES 0x0001u  /* queued/submit/start/end_ns are valid */
#define CLSCOPE_FLAG_BLOCKING 0x0002u      /* the thread waited in the call (blocking read/write/map, FINISH, WAIT_EVENTS): host_wait_ns = host_call_ns */
#define CLSCOPE_FLAG_PINNED 0x0004u        /* buffer has CL_MEM_ALLOC_HOST_PTR or USE_HOST_PTR */
#define CLSCOPE_FLAG_HOST_MAPPED 0x0008u   /* host pointer lies in a region mapped by clEnqueueMapBuffer */
#define CLSCOPE_FLAG_LOCAL_SIZE 0x0010u    /* local_size given by the program (else NULL) */
#define CLSCOPE_FLAG_NAME_TRUNCATED 0x0020u
#define CLSCOPE_FLAG_PROGRAM_EVENT 0x0040u /* the program asked for the event (else the layer made it) */
#define CLSCOPE_FLAG_CALL_FAILED 0x0080u   /* the call returned an error: status holds it */
#define CLSCOPE_FLAG_IMAGE 0x0100u         /* an image command: bytes = region x element size */
#define CLSCOPE_FLAG_SVM 0x0200u           /* an SVM command (memcpy, fill, map, unmap) */

/* One command, or one host wait. 256 bytes. Unused fields are zero. */
struct clscope_layer_record {
  uint32_t record_version;  /* CLSCOPE_LAYER_LAYOUT_VERSION */
  uint16_t kind;            /* enum clscope_layer_kind */
  uint16_t flags;           /* CLSCOPE_FLAG_* */
  uint32_t direction;       /* enum clscope_layer_direction */
  int32_t status;           /* event status at completion (0 = CL_COMPLETE) or the call's error */
  uint64_t seq;             /* per-process order of the calls (1, 2, ...) */
  uint32_t pid;             /* writer process */
  uint32_t tid;             /* calling thread (gettid) */
  uint64_t queue;           /* cl_command_queue handle value, 0 for clWaitForEvents; a driver may
                               reuse a released queue's value for a new queue */
  uint64_t device;          /* cl_device_id handle value, 0 when unknown */
  uint64_t host_enter_ns;   /* CLOCK_MONOTONIC when the program made the call */
  uint64_t host_call_ns;    /* time inside the driver's entry point */
  uint64_t host_wait_ns;    /* FINISH, WAIT_EVENTS, blocking commands: time the thread waited */
  uint64_t queued_ns;       /* CL_PROFILING_COMMAND_QUEUED */
  uint64_t submit_ns;       /* CL_PROFILING_COMMAND_SUBMIT */
  uint64_t start_ns;        /* CL_PROFILING_COMMAND_START */
  uint64_t end_ns;          /* CL_PROFILING_COMMAND_END */
  uint64_t bytes;           /* bytes moved / filled / mapped; 0 for kernels */
  uint64_t map_flags;       /* MAP: cl_map_flags; UNMAP: the flags of the matching map, if known */
  uint32_t work_dim;        /* KERNEL: 1..3 */
  uint32_t wait_list_len;   /* events in the program's wait list (or clWaitForEvents' list) */
  uint64_t global_size[3];  /* KERNEL: global work size (1 for unused dimensions) */
  uint64_t local_size[3];   /* KERNEL: local work size when CLSCOPE_FLAG_LOCAL_SIZE, else 0 */
  uint64_t reserved[2];     /* zero */
  char name[CLSCOPE_LAYER_NAME_BYTES]; /* KERNEL: function name, NUL-terminated; else "" */
};

/* The channel's first bytes. Indices and counters: atomic uint64_t. */
struct clscope_layer_channel_header {
  uint64_t magic;            /* CLSCOPE_LAYER_MAGIC */
  uint32_t layout_version;   /* CLSCOPE_LAYER_LAYOUT_VERSION */
  uint32_t record_size;      /* sizeof(struct clscope_layer_record) */
  uint64_t capacity;         /* slots, a power of two */
  uint64_t token;            /* random; the env variable must name it */
  uint64_t attached;         /* layers that attached (one per process) */
  uint64_t pad0[3];
  uint64_t head;             /* next slot a producer claims */
  uint64_t pad1[7];
  uint64_t tail;             /* next slot the reader takes */
  uint64_t pad2[7];
  /* Counters written by the layers, read by clscope at any time. */
  uint64_t records_written;
  uint64_t records_dropped;      /* ring full (reader slow or gone) or no callback */
  uint64_t events_created;       /* events the layer created for the program (it passed none) */
  uint64_t events_retained;      /* program events the layer retained */
  uint64_t events_released;      /* releases by the layer: in flight = created + retained - released */
  uint64_t queues_forced;        /* queues created with profiling forced on */
  uint64_t queues_refused;       /* queues where forcing failed: created as asked, no device times */
  uint64_t calls_unobserved;     /* calls passed through without a record (unknown extension etc.) */
  uint64_t pad3[8];
};

/* One ring slot: seq is the Vyukov sequence number. */
struct clscope_layer_slot {
  uint64_t seq;
  uint64_t pad[7];
  struct clscope_layer_record record;
};

#ifdef __cplusplus
}  /* extern "C" */
#endif

#endif /* CLSCOPE_LAYER_RECORD_H */

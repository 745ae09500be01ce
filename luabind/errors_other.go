//go:build !unix

package luabind

import "syscall"

// platformErrnoName is the name of the errnos Go defines on every
// platform; there is no system table to ask here.
func platformErrnoName(en syscall.Errno) string { return portableErrnoNames[en] }

// portableErrnoNames names the syscall constants that exist on every
// platform Go supports.
var portableErrnoNames = map[syscall.Errno]string{
	syscall.ECONNREFUSED:  "ECONNREFUSED",
	syscall.EADDRINUSE:    "EADDRINUSE",
	syscall.EADDRNOTAVAIL: "EADDRNOTAVAIL",
	syscall.ECONNRESET:    "ECONNRESET",
	syscall.ECONNABORTED:  "ECONNABORTED",
	syscall.EPIPE:         "EPIPE",
	syscall.ETIMEDOUT:     "ETIMEDOUT",
	syscall.EACCES:        "EACCES",
	syscall.EPERM:         "EPERM",
	syscall.ENOENT:        "ENOENT",
	syscall.EEXIST:        "EEXIST",
	syscall.EISDIR:        "EISDIR",
	syscall.ENOTDIR:       "ENOTDIR",
	syscall.ENOTEMPTY:     "ENOTEMPTY",
	syscall.EINVAL:        "EINVAL",
	syscall.EBADF:         "EBADF",
	syscall.EMFILE:        "EMFILE",
	syscall.EMSGSIZE:      "EMSGSIZE",
	syscall.ENETUNREACH:   "ENETUNREACH",
	syscall.EHOSTUNREACH:  "EHOSTUNREACH",
	syscall.EAGAIN:        "EAGAIN",
	syscall.ENOTCONN:      "ENOTCONN",
	syscall.EAFNOSUPPORT:  "EAFNOSUPPORT",
	syscall.ENODEV:        "ENODEV",
	syscall.ENOSPC:        "ENOSPC",
	syscall.EROFS:         "EROFS",
	syscall.ELOOP:         "ELOOP",
	syscall.ENAMETOOLONG:  "ENAMETOOLONG",
	syscall.EXDEV:         "EXDEV",
	syscall.EBUSY:         "EBUSY",
	syscall.EFBIG:         "EFBIG",
	syscall.ETXTBSY:       "ETXTBSY",
	syscall.EMLINK:        "EMLINK",
	syscall.EIO:           "EIO",
}

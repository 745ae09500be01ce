//go:build !unix

package luabind

import "os"

// accessPath approximates access(2) where it does not exist: the path must
// exist; permission bits are not checked.
func accessPath(path string, mode uint32) error {
	_, err := os.Stat(path)
	return err
}

module github.com/netsh/netsh

go 1.26.8

require github.com/yuin/gopher-lua v1.1.2

require layeh.com/gopher-luar v1.0.11

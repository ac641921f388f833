module sites

go 1.24

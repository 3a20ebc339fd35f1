module example.com/e2e/hello

go 1.19

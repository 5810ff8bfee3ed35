module depot.test/acme/Hello

go 1.21

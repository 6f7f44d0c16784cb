module example.com/confparse

go 1.22

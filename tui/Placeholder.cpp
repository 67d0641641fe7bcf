// module under construction

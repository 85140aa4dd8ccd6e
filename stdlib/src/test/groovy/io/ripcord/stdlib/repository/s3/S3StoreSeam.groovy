package io.ripcord.stdlib.repository.s3

/**
 * Sets {@link S3Store}'s test seam from specs in other packages (it is package-private: no real run can reach it):
 * the part size of the stores opened next, and what to do after each part is stored (key, upload id, part number).
 */
class S3StoreSeam {

    static void set(long partSize, Closure afterPart) {
        S3Store.seam = new S3Store.Seam(partSize, afterPart as S3Store.PartStored)
    }

    static void clear() {
        S3Store.seam = null
    }
}

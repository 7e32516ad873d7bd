/* A file indented with spaces: the lines the conversion writes get tabs. */
#include <linux/highmem.h>

int space_indented_sum(struct page *page, int n)
{
        int *v, i, sum = 0;

	v = kmap_local_page(page);
        for (i = 0; i < n; i++)
                sum += v[i];
	kunmap_local(v);
        return sum;
}
